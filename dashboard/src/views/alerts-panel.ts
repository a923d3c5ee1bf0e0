/**
 * The alerts panel and the header's count badge, on every page. The panel lists firing alerts
 * first (critical before warning, the oldest first: severity, series, one line, since when), then
 * pending ones, then those resolved in the last 30 days (newest first); silenced ones stay listed,
 * marked. The badge counts firing alerts no silence holds. Both follow the live channel's `alert`
 * events without a reload; acknowledging and silencing take an admin token typed into the panel
 * (kept for this tab only).
 */
import type { Alert, AlertTransition } from '../../../service/contract/index.js';
import { formatDateTime } from '../format.js';
import { esc } from '../html.js';

const RESOLVED_DAYS = 30;
const DAY_MS = 24 * 3600_000;
const ADMIN_KEY = 'pulsecast.adminToken';
/** How long a silence from the panel lasts. */
const SILENCE_HOURS = 24;

export interface AlertActions {
  list(): Promise<Alert[]>;
  acknowledge(id: string, token: string): Promise<void>;
  silence(request: { series: string; rule: string; reason: string; until: string }, token: string): Promise<void>;
}

const STATUS_RANK: Readonly<Record<Alert['status'], number>> = { firing: 0, pending: 1, resolved: 2 };

/** The panel's order: firing (critical first, then oldest), pending, resolved (newest first). */
export function panelOrder(a: Alert, b: Alert): number {
  if (a.status !== b.status) return STATUS_RANK[a.status] - STATUS_RANK[b.status];
  if (a.status === 'resolved') return (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? '');
  if (a.severity !== b.severity) return a.severity === 'critical' ? -1 : 1;
  return a.since.localeCompare(b.since);
}

/** Whether the badge counts it: firing and not silenced. */
export const counted = (a: Alert) => a.status === 'firing' && a.silenced === null;

export class AlertsPanel {
  private readonly alerts = new Map<string, Alert>();
  private loadError: string | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly badge: HTMLElement,
    private readonly actions: AlertActions,
    private readonly now: () => number = () => Date.now(),
  ) {
    el.addEventListener('click', (event) => void this.clicked(event));
  }

  /** Reads the whole list again (at start, and after a reconnect that may have missed events). */
  async refresh(): Promise<void> {
    try {
      const list = await this.actions.list();
      this.alerts.clear();
      for (const a of list) this.alerts.set(a.id, a);
      this.loadError = null;
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
    }
    this.render();
  }

  /** A live transition: the alert as it left it replaces what the panel had. */
  apply(transition: AlertTransition): void {
    const known = this.alerts.get(transition.alert.id);
    if (known && known.updatedAt > transition.alert.updatedAt) return;
    this.alerts.set(transition.alert.id, transition.alert);
    this.render();
  }

  private shown(): Alert[] {
    const cutoff = new Date(this.now() - RESOLVED_DAYS * DAY_MS).toISOString();
    return [...this.alerts.values()]
      .filter((a) => a.status !== 'resolved' || (a.resolvedAt ?? a.updatedAt) >= cutoff)
      .sort(panelOrder);
  }

  private render(): void {
    const shown = this.shown();
    const count = shown.filter(counted).length;
    this.badge.textContent = String(count);
    this.badge.hidden = count === 0;
    this.badge.title = `${count} firing ${count === 1 ? 'alert' : 'alerts'} (silenced ones not counted)`;
    this.el.hidden = shown.length === 0 && this.loadError === null;
    const rows = shown.map((a) => this.row(a)).join('');
    this.el.innerHTML = `<h2 id="alerts-title">Alerts</h2>
${this.loadError ? `<p class="error" role="alert">Could not load the alerts: ${esc(this.loadError)}</p>` : ''}
<ul class="alert-list">${rows}</ul>
<form class="alert-admin" onsubmit="return false">
  <label>Admin token <input type="password" name="admin-token" autocomplete="off" value="${esc(sessionStorage.getItem(ADMIN_KEY) ?? '')}"></label>
  <label>Reason for a silence <input type="text" name="silence-reason" maxlength="500" placeholder="why these alerts may wait"></label>
  <span class="alert-admin-result" role="status" aria-live="polite"></span>
</form>`;
  }

  private row(a: Alert): string {
    const when =
      a.status === 'resolved'
        ? `resolved ${formatDateTime(a.resolvedAt ?? a.updatedAt)}`
        : `since ${formatDateTime(a.since)}`;
    const marks = [
      a.silenced
        ? `<span class="alert-mark">silenced until ${esc(formatDateTime(a.silenced.until))} by ${esc(a.silenced.by)}</span>`
        : '',
      a.acknowledged ? `<span class="alert-mark">acknowledged by ${esc(a.acknowledged.by)}</span>` : '',
    ].join('');
    const buttons =
      a.status === 'resolved'
        ? ''
        : `${a.status === 'firing' && !a.acknowledged ? `<button type="button" data-ack="${esc(a.id)}">Acknowledge</button>` : ''}${a.silenced ? '' : `<button type="button" data-silence="${esc(a.id)}">Silence ${SILENCE_HOURS} h</button>`}`;
    return `<li class="alert alert-${esc(a.status)} alert-${esc(a.severity)}${a.silenced ? ' alert-silenced' : ''}" data-alert="${esc(a.id)}">
<span class="alert-severity">${esc(a.status === 'resolved' ? 'resolved' : a.severity)}</span>
<a class="alert-series" href="#/series/${encodeURIComponent(a.series)}">${esc(a.series)}</a>
<span class="alert-summary">${esc(a.summary)}</span>
<span class="alert-when">${esc(when)}</span>${marks}<span class="alert-actions">${buttons}</span></li>`;
  }

  private async clicked(event: Event): Promise<void> {
    const button = (event.target as HTMLElement).closest('button');
    if (!button) return;
    const form = this.el.querySelector('form')!;
    const token = (form.elements.namedItem('admin-token') as HTMLInputElement).value.trim();
    const result = form.querySelector('.alert-admin-result')!;
    if (token === '') {
      result.textContent = 'Type an admin token first.';
      return;
    }
    sessionStorage.setItem(ADMIN_KEY, token);
    try {
      if (button.dataset['ack']) {
        await this.actions.acknowledge(button.dataset['ack'], token);
        result.textContent = 'Acknowledged.';
      } else if (button.dataset['silence']) {
        const alert = this.alerts.get(button.dataset['silence']);
        if (!alert) return;
        const reason =
          (form.elements.namedItem('silence-reason') as HTMLInputElement).value.trim() || 'silenced from the dashboard';
        const until = new Date(this.now() + SILENCE_HOURS * 3600_000).toISOString();
        await this.actions.silence({ series: alert.series, rule: alert.rule, reason, until }, token);
        result.textContent = `Silenced ${alert.series} (${alert.rule}) for ${SILENCE_HOURS} h.`;
      }
      await this.refresh();
    } catch (error) {
      result.textContent = error instanceof Error ? error.message : String(error);
    }
  }
}
