import { createServiceFactory } from '@backstage/backend-plugin-api';
import { agentPlatformClockServiceRef } from '../../services/clock';

/**
 * A clock a test moves by hand, and the service factory that gives it to
 * the agent-platform plugin.
 */
export function testClock(start: number) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    factory: createServiceFactory({
      service: agentPlatformClockServiceRef,
      deps: {},
      factory: () => ({ now: () => new Date(now) }),
    }),
  };
}
