/**
 * The Publisher port and its socket.io implementation: domain events become room emits. Every
 * event also goes into the change log, so a client whose session was lost can catch up.
 */
import type { Server } from 'socket.io';
import type { Clock } from '../clock.js';
import type {
  AlertTransition,
  ClientToServerEvents,
  RunRecord,
  RunTrigger,
  ServerToClientEvents,
} from '../contract/index.js';
import type { ChangeLog } from './change-log.js';
import { JOBS_ROOM, OVERVIEW_ROOM, seriesRoom } from './rooms.js';

/** What the ingest hook and the jobs tell the world; owned by them, implemented here. */
export interface Publisher {
  actuals(change: { series: string; months: readonly string[]; batch: string }): void;
  forecast(change: { series: string; run: string; model: string; lastActual: string }): void;
  jobProgress(progress: { job: string; run: string; trigger: RunTrigger; done: number; total: number }): void;
  jobResult(record: RunRecord): void;
  /** An alert moved: to the overview and the series' room. */
  alert(transition: AlertTransition): void;
}

/** Publishes to nobody: for tools and tests that run without the live channel. */
export const silentPublisher: Publisher = {
  actuals: () => {},
  forecast: () => {},
  jobProgress: () => {},
  jobResult: () => {},
  alert: () => {},
};

/**
 * A Publisher that forwards to one connected later: jobs and ingests publish from the moment they
 * exist, and reach the live channel once the service has connected it (a command never does).
 */
export class PublisherRelay implements Publisher {
  private target: Publisher = silentPublisher;
  private readonly forecastWatchers = new Set<(series: string) => void>();

  connect(target: Publisher): void {
    this.target = target;
  }

  /** Also tells `watcher` of every stored forecast (the overview index), live channel or not. */
  watchForecasts(watcher: (series: string) => void): void {
    this.forecastWatchers.add(watcher);
  }

  actuals(change: Parameters<Publisher['actuals']>[0]): void {
    this.target.actuals(change);
  }

  forecast(change: Parameters<Publisher['forecast']>[0]): void {
    for (const watcher of this.forecastWatchers) watcher(change.series);
    this.target.forecast(change);
  }

  jobProgress(progress: Parameters<Publisher['jobProgress']>[0]): void {
    this.target.jobProgress(progress);
  }

  jobResult(record: RunRecord): void {
    this.target.jobResult(record);
  }

  alert(transition: AlertTransition): void {
    this.target.alert(transition);
  }
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;

export class SocketPublisher implements Publisher {
  constructor(
    private readonly io: LiveServer,
    private readonly clock: Clock,
    private readonly log: ChangeLog,
    /**
     * True while no client could receive an event, now or by recovering its session (socket.io
     * replays what a client missed while disconnected, from the packets it kept of each emit).
     */
    private readonly unheard: () => boolean = () => false,
  ) {}

  /**
   * The rooms an event goes to, or null when nobody could hear it: socket.io encodes every event it
   * is given, and an upload of 10,000 series would encode 10,000 of them for no one.
   */
  private to(rooms: string[]) {
    if (this.unheard()) return null;
    return this.io.to(rooms);
  }

  actuals(change: { series: string; months: readonly string[]; batch: string }): void {
    const at = this.clock.now();
    this.log.record(at, 'actuals', change.series);
    // One emit to both rooms: a socket in both gets the event once.
    this.to([OVERVIEW_ROOM, seriesRoom(change.series)])?.emit('actuals', { ...change, at });
  }

  forecast(change: { series: string; run: string; model: string; lastActual: string }): void {
    const at = this.clock.now();
    this.log.record(at, 'forecast', change.series);
    this.to([OVERVIEW_ROOM, seriesRoom(change.series)])?.emit('forecast', { ...change, at });
  }

  jobProgress(progress: { job: string; run: string; trigger: RunTrigger; done: number; total: number }): void {
    // Progress is transient: not logged, and a missed one is superseded by the next or the result.
    this.to([OVERVIEW_ROOM, JOBS_ROOM])?.emit('job:progress', { ...progress, at: this.clock.now() });
  }

  jobResult(record: RunRecord): void {
    const at = this.clock.now();
    this.log.record(at, 'job', null);
    this.to([OVERVIEW_ROOM, JOBS_ROOM])?.emit('job:result', { record, at });
  }

  alert(transition: AlertTransition): void {
    // Not in the change log: a client that missed one reads the alerts again (GET /api/v1/alerts).
    this.to([OVERVIEW_ROOM, seriesRoom(transition.alert.series)])?.emit('alert', { transition, at: this.clock.now() });
  }
}
