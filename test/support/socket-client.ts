/**
 * Typed socket.io clients for tests and the live bench, and waiting for conditions instead of
 * sleeping: `nextEvent(socket, name, match)` (conditions: `wait-for.ts`).
 */
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SubscribeAck,
  SubscribeRequest,
} from '../../service/contract/index.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects to the service's live channel; resolves once connected. */
export async function connectLive(url: string, options: { forceNew?: boolean } = {}): Promise<LiveSocket> {
  const socket: LiveSocket = io(url, {
    transports: ['websocket'],
    forceNew: options.forceNew ?? true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export function subscribe(socket: LiveSocket, request: SubscribeRequest): Promise<SubscribeAck> {
  return socket.timeout(5000).emitWithAck('subscribe', request);
}

type EventArg<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** The next `name` event that `match` accepts; rejects after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: LiveSocket,
  name: E,
  match: (event: EventArg<E>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<EventArg<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(name, handler as never);
      reject(new Error(`no matching "${String(name)}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (event: EventArg<E>) => {
      if (!match(event)) return;
      clearTimeout(timer);
      socket.off(name, handler as never);
      resolve(event);
    };
    socket.on(name, handler as never);
  });
}
