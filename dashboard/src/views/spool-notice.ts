/**
 * The header's notice of rows accepted while InfluxDB was out of reach and not yet stored (the
 * spool's depth from GET /api/v1/status). Hidden when nothing waits; refreshed on a timer and
 * whenever a job result suggests the database may be back.
 */
import type { StatusView } from '../../../service/contract/index.js';
import { formatCount, formatDateTime } from '../format.js';

/** The notice's words for a spool depth, or null when nothing waits. */
export function spoolText(spool: StatusView['spool']): string | null {
  if (spool.rows <= 0) return null;
  const rows = `${formatCount(spool.rows)} ${spool.rows === 1 ? 'row' : 'rows'} waiting for the database`;
  return spool.oldestAcceptedAt === null ? rows : `${rows}, oldest accepted ${formatDateTime(spool.oldestAcceptedAt)}`;
}

export class SpoolNotice {
  private timer: ReturnType<typeof setInterval> | null = null;

  /**
   * @param el the header element the notice goes in; `data-rows` records the last depth read.
   * @param load reads the service status.
   * @param everyMs refresh period, ms (default 10 s).
   */
  constructor(
    private readonly el: HTMLElement,
    private readonly load: () => Promise<StatusView>,
    private readonly everyMs = 10_000,
  ) {}

  start(): void {
    void this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), this.everyMs);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh(): Promise<void> {
    try {
      this.show((await this.load()).spool);
    } catch {
      // The connection state already says when the service is out of reach; the next tick tries again.
    }
  }

  private show(spool: StatusView['spool']): void {
    const text = spoolText(spool);
    this.el.dataset['rows'] = String(spool.rows);
    this.el.hidden = text === null;
    this.el.textContent = text ?? '';
    this.el.title =
      text === null
        ? ''
        : 'Accepted figures are kept safely on the service and stored in order once InfluxDB answers again.';
  }
}
