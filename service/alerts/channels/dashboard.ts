/**
 * Dashboard channel: every transition, silenced ones too (the page marks them), as the live
 * channel's `alert` event. With Redis the socket.io adapter carries it to every instance's pages,
 * so one emit per transition reaches them all.
 */
import { DASHBOARD_CHANNEL } from '../../contract/index.js';
import type { Publisher } from '../../live/publisher.js';
import type { AlertChannel } from './channel.js';

export function dashboardChannel(publisher: Pick<Publisher, 'alert'>): AlertChannel {
  return {
    id: DASHBOARD_CHANNEL,
    type: 'dashboard',
    groupWindowMs: 0,
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    keyOf: (transitions, testAt) => (testAt !== undefined ? `test-${testAt}` : transitions.map((t) => t.id).join(',')),
    async deliver(notification) {
      for (const transition of notification.transitions) publisher.alert(transition);
      return { response: 'emitted' };
    },
  };
}
