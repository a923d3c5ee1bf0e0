/**
 * The read token when the service closes reads (PULSECAST_PUBLIC_READ=false): kept for the tab in
 * sessionStorage, asked for with a form in the page when the API or the live channel refuses the
 * page. A token is checked against the API before the form lets go of it, so every caller waiting
 * for one gets a token the service accepted.
 */
import { esc } from './html.js';

const KEY = 'pulsecast.token';

/** Checks a token against the service: null when it may read, else why not (shown in the form). */
export type TokenCheck = (token: string) => Promise<string | null>;

/** The token kept for this tab, or null. */
export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    // Storage can be disabled; the token then lasts as long as the page.
    return memory;
  }
}

let memory: string | null = null;

function keep(token: string | null): void {
  memory = token;
  try {
    if (token === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // See storedToken.
  }
}

/** One form for the whole page: concurrent refusals (API calls, the live channel) share one prompt. */
export class TokenGate {
  private pending: Promise<string> | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly check: TokenCheck,
  ) {}

  /**
   * Resolves with a token the service accepts. `refused` is the token that was just refused (it is
   * forgotten, and the form says so); when the kept token has already changed since, that one is
   * returned without asking.
   */
  obtain(refused: string | null): Promise<string> {
    const current = storedToken();
    if (current !== null && current !== refused) return Promise.resolve(current);
    if (refused !== null) keep(null);
    this.pending ??= this.ask(
      refused === null
        ? 'This dashboard needs an access token to show figures.'
        : 'The token was refused: it is unknown, revoked or mistyped. Enter a valid token.',
    ).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private ask(message: string): Promise<string> {
    this.root.innerHTML = `
      <form class="token-form" id="token-form" aria-labelledby="token-title" novalidate>
        <h2 id="token-title">Access token</h2>
        <p id="token-help">${esc(message)} A token with the “read” scope is enough; it is kept only for this browser tab.</p>
        <label for="token-input">Token</label>
        <input id="token-input" name="token" type="password" autocomplete="off" spellcheck="false" required aria-describedby="token-help token-error">
        <p id="token-error" class="error" role="alert"></p>
        <button type="submit">Show the dashboard</button>
      </form>`;
    this.root.hidden = false;
    // Nothing else on the page can load until a token is given.
    document.body.classList.add('needs-token');
    const form = this.root.querySelector<HTMLFormElement>('form')!;
    const input = form.querySelector<HTMLInputElement>('input')!;
    const error = form.querySelector<HTMLElement>('#token-error')!;
    const button = form.querySelector<HTMLButtonElement>('button')!;
    input.focus();
    return new Promise((resolve) => {
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (!token) {
          error.textContent = 'Enter a token.';
          input.setAttribute('aria-invalid', 'true');
          return;
        }
        button.disabled = true;
        error.textContent = '';
        void this.check(token).then(
          (problem) => {
            button.disabled = false;
            if (problem !== null) {
              error.textContent = problem;
              input.setAttribute('aria-invalid', 'true');
              input.select();
              return;
            }
            keep(token);
            this.root.hidden = true;
            this.root.innerHTML = '';
            document.body.classList.remove('needs-token');
            resolve(token);
          },
          (failure: unknown) => {
            button.disabled = false;
            error.textContent = `Could not check the token: ${failure instanceof Error ? failure.message : String(failure)}`;
          },
        );
      });
    });
  }
}
