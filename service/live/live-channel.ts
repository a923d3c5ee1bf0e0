/**
 * The socket.io server: clients join a room per series they show and the overview room. A client
 * that drops briefly gets the packets it missed from socket.io's connection state recovery; one
 * that cannot be recovered re-subscribes with the time of its last event and is told what changed.
 */
import type http from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { ChangeLog } from './change-log.js';
import { JOBS_ROOM, OVERVIEW_ROOM, seriesRoom } from './rooms.js';
import {
  SubscribeRequestSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
  type SubscribeRequest,
} from '../contract/index.js';
import { errorBody } from '../errors.js';
import { parseOrThrow } from '../validation.js';
import { SocketPublisher, type LiveServer } from './publisher.js';

/** How long a dropped client's session (rooms and missed packets) is kept for it. */
export const RECOVERY_WINDOW_MS = 2 * 60_000;

export interface LiveChannel {
  readonly io: LiveServer;
  readonly publisher: SocketPublisher;
  readonly changes: ChangeLog;
  /** Disconnects every client; the HTTP server is closed by its owner. */
  close(): Promise<void>;
}

export interface LiveChannelDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Decides whether a connecting client may read; its token comes in the handshake's `auth`
   * payload (`{ token }`), since a browser cannot set headers on a websocket. Absent: all may.
   */
  readonly authorize?: (token: string | null) => Promise<boolean>;
  /** Told the number of connected clients whenever it changes. */
  readonly onClientCount?: (count: number) => void;
  /** The socket.io adapter shared with other instances (Redis); absent: this process only. */
  readonly adapter?: ServerOptions['adapter'];
}

export function attachLiveChannel(server: http.Server, deps: LiveChannelDeps): LiveChannel {
  const io: LiveServer = new Server<ClientToServerEvents, ServerToClientEvents>(server, {
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: true },
    // Same origin only by default: the dashboard is served by this server.
    cors: { origin: false },
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });
  const changes = new ChangeLog(deps.clock.now());
  // When the last client left: until its session can no longer be recovered, events are still kept for it.
  let lastLeft = Number.NEGATIVE_INFINITY;
  const publisher = new SocketPublisher(
    io,
    deps.clock,
    changes,
    () =>
      deps.adapter === undefined && io.engine.clientsCount === 0 && deps.clock.now() - lastLeft > RECOVERY_WINDOW_MS,
  );
  const log = deps.logger.child({ component: 'live' });

  if (deps.authorize) {
    const authorize = deps.authorize;
    io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      authorize(typeof token === 'string' && token !== '' ? token : null).then(
        (ok) =>
          next(
            ok
              ? undefined
              : Object.assign(new Error('AUTH_REQUIRED: a token with the "read" scope is needed'), {
                  data: { code: 'AUTH_REQUIRED' },
                }),
          ),
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }
  io.on('connection', (socket) => {
    log.debug({ id: socket.id, recovered: socket.recovered }, 'client connected');
    deps.onClientCount?.(io.engine.clientsCount);
    socket.on('disconnect', () => {
      lastLeft = deps.clock.now();
      deps.onClientCount?.(io.engine.clientsCount);
    });
    socket.on('subscribe', (request, ack) => {
      if (typeof ack !== 'function') return;
      ack(subscribe(socket, request, changes, deps.clock));
    });
    socket.on('unsubscribe', (request) => {
      const series = Array.isArray(request?.series)
        ? request.series.filter((s): s is string => typeof s === 'string')
        : [];
      for (const id of series) void socket.leave(seriesRoom(id));
      if (request?.overview) void socket.leave(OVERVIEW_ROOM);
      if (request?.jobs) void socket.leave(JOBS_ROOM);
    });
  });

  return {
    io,
    publisher,
    changes,
    close: async () => {
      io.disconnectSockets(true);
      // io.close() would also close the HTTP server, which the lifecycle owns and closes itself.
      io.engine.close();
    },
  };
}

function subscribe(
  socket: Socket<ClientToServerEvents, ServerToClientEvents>,
  raw: unknown,
  changes: ChangeLog,
  clock: Clock,
): SubscribeAck {
  let request: SubscribeRequest;
  try {
    request = parseOrThrow(SubscribeRequestSchema, raw, {
      place: 'field',
      code: 'SUBSCRIBE_INVALID',
      whole: 'request',
    });
  } catch (error) {
    return { ok: false, error: errorBody(error).body.error };
  }
  const { series } = request;
  const overview = request.overview === true;
  void socket.join([
    ...series.map(seriesRoom),
    ...(overview ? [OVERVIEW_ROOM] : []),
    ...(request.jobs === true ? [JOBS_ROOM] : []),
  ]);
  // Read the time after joining: anything later reaches the client as an event.
  const serverTime = clock.now();
  const missed = request.since === undefined ? null : changes.since(request.since, new Set(series), overview);
  return { ok: true, serverTime, missed };
}
