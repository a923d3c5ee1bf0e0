/**
 * The page's end of the live channel: follows the rooms the current view needs, shows the
 * connection state, and after a reconnect either gets the missed events from socket.io's session
 * recovery or asks the server what changed since the last event it applied, and refetches that.
 */
import { io, type Socket } from 'socket.io-client';
import type { TokenSource } from './api.js';
import type {
  ActualsEvent,
  AlertEvent,
  ClientToServerEvents,
  ForecastEvent,
  JobProgressEvent,
  JobResultEvent,
  MissedChanges,
  ServerToClientEvents,
} from '../../service/contract/index.js';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'token';

export interface LiveHandlers {
  state(state: ConnectionState): void;
  actuals(event: ActualsEvent): void;
  forecast(event: ForecastEvent): void;
  jobProgress(event: JobProgressEvent): void;
  jobResult(event: JobResultEvent): void;
  /** An alert moved (every one, silenced ones marked). */
  alert(event: AlertEvent): void;
  /** The session could not be recovered: refetch what `missed` names (everything when not complete). */
  resync(missed: MissedChanges): void;
}

export class LiveClient {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private series = new Set<string>();
  private overview = true;
  private jobs = false;
  /** Server time of the last event applied; the resync point. */
  private lastAt: number | null = null;

  /** The token the last handshake carried, to tell a refused token from one entered since. */
  private sentToken: string | null = null;

  constructor(
    private readonly on: LiveHandlers,
    tokens: TokenSource,
  ) {
    // A function, so that every (re)connection carries the token kept at that moment.
    this.socket = io({
      transports: ['websocket', 'polling'],
      auth: (cb) => {
        this.sentToken = tokens.current();
        cb(this.sentToken === null ? {} : { token: this.sentToken });
      },
    });
    on.state('connecting');
    this.socket.on('connect_error', (error) => {
      // The server refused the handshake (reads closed): socket.io will not retry by itself.
      if (this.socket.active || !error.message.includes('AUTH_REQUIRED')) return;
      on.state('token');
      void tokens.obtain(this.sentToken).then(() => this.socket.connect());
    });
    this.socket.on('connect', () => void this.connected());
    this.socket.on('disconnect', (reason) => on.state(reason === 'io client disconnect' ? 'offline' : 'reconnecting'));
    this.socket.io.on('reconnect_attempt', () => on.state('reconnecting'));
    this.socket.io.on('reconnect_failed', () => on.state('offline'));
    this.socket.on('actuals', (e) => this.seen(e.at, () => on.actuals(e)));
    this.socket.on('forecast', (e) => this.seen(e.at, () => on.forecast(e)));
    this.socket.on('job:progress', (e) => on.jobProgress(e));
    this.socket.on('job:result', (e) => this.seen(e.at, () => on.jobResult(e)));
    this.socket.on('alert', (e) => this.seen(e.at, () => on.alert(e)));
  }

  /** Follows exactly these series, and the overview (every change and job) or only the jobs when asked. */
  follow(series: readonly string[], overview: boolean, jobs = false): void {
    const next = new Set(series);
    const dropped = [...this.series].filter((s) => !next.has(s));
    const leaveOverview = this.overview && !overview;
    const leaveJobs = this.jobs && !jobs;
    this.series = next;
    this.overview = overview;
    this.jobs = jobs;
    if (!this.socket.connected) return;
    if (dropped.length || leaveOverview || leaveJobs)
      this.socket.emit('unsubscribe', { series: dropped, overview: leaveOverview, jobs: leaveJobs });
    void this.subscribe(undefined);
  }

  private seen(at: number, apply: () => void): void {
    this.lastAt = Math.max(this.lastAt ?? 0, at);
    apply();
  }

  private async connected(): Promise<void> {
    if (this.socket.recovered) {
      // Rooms and missed packets came back with the session.
      this.on.state('live');
      return;
    }
    await this.subscribe(this.lastAt ?? undefined);
  }

  private async subscribe(since: number | undefined): Promise<void> {
    try {
      const ack = await this.socket.timeout(10_000).emitWithAck('subscribe', {
        series: [...this.series],
        overview: this.overview,
        jobs: this.jobs,
        ...(since === undefined ? {} : { since }),
      });
      if (!ack.ok) throw new Error(ack.error.message);
      this.lastAt = Math.max(this.lastAt ?? 0, ack.serverTime);
      this.on.state('live');
      if (ack.missed && (ack.missed.series.length > 0 || !ack.missed.complete || ack.missed.jobs))
        this.on.resync(ack.missed);
    } catch {
      this.on.state('reconnecting');
    }
  }
}
