import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/**
 * The moment exceptions are judged against. A service so that tests (and a
 * portal replaying a past day) can fix it.
 *
 * @public
 */
export interface AgentPlatformClock {
  /** The current time. */
  now(): Date;
}

/**
 * Service ref of {@link AgentPlatformClock}; defaults to the system clock.
 *
 * @public
 */
export const agentPlatformClockServiceRef =
  createServiceRef<AgentPlatformClock>({
    id: 'agent-platform.clock',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => ({ now: () => new Date() }),
      }),
  });
