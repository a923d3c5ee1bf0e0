/**
 * The notifier until channels exist: every transition goes to the dashboards on the live channel,
 * and nowhere else. It keeps nothing, so it is durable as soon as it returns.
 */
import type { AlertTransition } from '../contract/index.js';
import type { Publisher } from '../live/publisher.js';
import type { AlertNotifier } from './notifier.js';

export class LiveAlertNotifier implements AlertNotifier {
  constructor(private readonly publisher: Publisher) {}

  async enqueue(transitions: readonly AlertTransition[]): Promise<void> {
    for (const t of transitions) this.publisher.alert(t);
  }
}
