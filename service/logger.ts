/**
 * Structured JSON logs (pino). Components get a child logger with their name; tests pass a
 * silent or capturing one.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { svc: 'pulsecast' } }, destination ?? process.stdout);
}
