import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  agentPlatformExceptionDecidePermission,
  agentPlatformExceptionRequestPermission,
  agentPlatformOverviewReadPermission,
  AgentConfigException,
  applyExceptionPolicy,
  checkExceptionRequest,
  DEFAULT_EXCEPTION_MAX_DAYS,
  ExceptionRequestState,
  ExceptionsView,
  entityRefOf,
  ExceptionPolicy,
  GrantedException,
  judgeException,
  normalizeEntityRef,
  PlatformCatalog,
} from '@agent-platform/plugin-agent-platform-common';
import { AgentPlatformClock } from '../services/clock';
import {
  PlatformSnapshot,
  PlatformSnapshotContributor,
} from '../services/PlatformSnapshotCache';
import { requirePermission } from '../services/requirePermission';
import {
  ExceptionRequest,
  ExceptionRequestStore,
} from './ExceptionRequestStore';

/** The group that runs the portal when `agentPlatform.platformTeam` is not set. */
const DEFAULT_PLATFORM_TEAM = 'group:default/platform';

/**
 * How long an approved exception stays in the snapshot after it ended, so
 * that the violation it excepted reads `exception-expired` for a while.
 */
const EXPIRED_KEPT_DAYS = 30;

/**
 * Exception settings from `agentPlatform`.
 *
 * @public
 */
export interface ExceptionSettings {
  platformTeam: string;
  approverGroups: string[];
  maxDays: number;
}

/**
 * Reads `agentPlatform.platformTeam` and `agentPlatform.exceptions`.
 *
 * @public
 */
export function readExceptionSettings(
  config: RootConfigService,
): ExceptionSettings {
  const maxDays =
    config.getOptionalNumber('agentPlatform.exceptions.maxDays') ??
    DEFAULT_EXCEPTION_MAX_DAYS;
  if (!Number.isInteger(maxDays) || maxDays < 1) {
    throw new InputError(
      `agentPlatform.exceptions.maxDays must be a whole number of days of at least 1, not ${maxDays}`,
    );
  }
  return {
    platformTeam:
      config.getOptionalString('agentPlatform.platformTeam') ??
      DEFAULT_PLATFORM_TEAM,
    approverGroups:
      config.getOptionalStringArray('agentPlatform.exceptions.approvers') ??
      [],
    maxDays,
  };
}

const today = (now: Date) => now.toISOString().slice(0, 10);

function stateOf(request: ExceptionRequest, day: string): ExceptionRequestState {
  if (request.status !== 'approved') return request.status;
  if (request.until < day) return 'expired';
  return request.since > day ? 'scheduled' : 'active';
}

function userOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as Partial<BackstageUserPrincipal>;
  if (principal.type !== 'user' || !principal.userEntityRef) {
    throw new NotAllowedError('Only a signed-in user may do this');
  }
  return principal.userEntityRef;
}

/**
 * Exception requests and decisions, the exception policy, and the approved
 * exceptions as an input to every snapshot.
 *
 * @public
 */
export class ExceptionService {
  readonly #store: ExceptionRequestStore;
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #permissions: PermissionsService;
  readonly #clock: AgentPlatformClock;
  readonly #settings: ExceptionSettings;
  readonly #snapshot: {
    get(): Promise<PlatformSnapshot>;
    refreshIfChanged(): Promise<boolean>;
  };

  readonly #listeners: Array<() => Promise<unknown>> = [];

  constructor(options: {
    store: ExceptionRequestStore;
    catalog: CatalogService;
    auth: AuthService;
    permissions: PermissionsService;
    clock: AgentPlatformClock;
    settings: ExceptionSettings;
    snapshot: {
      get(): Promise<PlatformSnapshot>;
      refreshIfChanged(): Promise<boolean>;
    };
  }) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#permissions = options.permissions;
    this.#clock = options.clock;
    this.#settings = options.settings;
    this.#snapshot = options.snapshot;
  }

  /**
   * The exception policy: the platform team and the approvers groups, and
   * their members as the catalog lists them (`hasMember` relations).
   */
  async policy(): Promise<ExceptionPolicy> {
    const groups = [
      this.#settings.platformTeam,
      ...this.#settings.approverGroups,
    ].map(ref => normalizeEntityRef(ref, 'group') ?? ref);
    const { items } = await this.#catalog.getEntitiesByRefs(
      { entityRefs: groups, fields: ['relations'] },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    const members = items.flatMap(
      group =>
        group?.relations
          ?.filter(r => r.type === 'hasMember')
          .map(r => r.targetRef) ?? [],
    );
    return {
      approvers: [...new Set([...groups, ...members])].sort(),
      maxDays: this.#settings.maxDays,
    };
  }

  /** The snapshot input: the policy applied to every config, and the approved exceptions added. */
  contributor(): PlatformSnapshotContributor {
    return {
      version: async () =>
        `${await this.#store.approvedVersion()}|${(
          await this.policy()
        ).approvers.join(',')}`,
      apply: async (catalog: PlatformCatalog, now: Date) => {
        const [policy, granted] = await Promise.all([
          this.policy(),
          this.granted(now),
        ]);
        return {
          ...catalog,
          configs: applyExceptionPolicy(catalog.configs, {
            policy,
            now,
            granted,
          }),
        };
      },
    };
  }

  /** Calls `listener` after each request and decision (errors are ignored). */
  onChange(listener: () => Promise<unknown>): void {
    this.#listeners.push(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) {
      void listener().catch(() => undefined);
    }
  }

  /** Pending requests, and requests decided in the last 30 days. */
  async recent(now: Date): Promise<ExceptionRequest[]> {
    const from = new Date(
      now.getTime() - EXPIRED_KEPT_DAYS * 86_400_000,
    ).toISOString();
    const requests = await this.#store.list();
    return requests.filter(
      r => r.status === 'pending' || (r.decidedAt ?? '') >= from,
    );
  }

  /** Approved exceptions still in force, or ended less than 30 days ago. */
  async granted(now: Date): Promise<GrantedException[]> {
    const from = new Date(now.getTime() - EXPIRED_KEPT_DAYS * 86_400_000);
    const approved = await this.#store.list({
      status: ['approved'],
      untilFrom: today(from),
    });
    return approved.map(r => ({
      team: r.team,
      target: r.target,
      reason: r.reason,
      approvedBy: r.decidedBy ?? '',
      since: r.since,
      until: r.until,
    }));
  }

  async #allowed(
    credentials: BackstageCredentials,
    request: Parameters<PermissionsService['authorize']>[0][number],
  ): Promise<boolean> {
    const [decision] = await this.#permissions.authorize([request], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** A team member asks for an exception. */
  async request(
    input: { team: string; target: string; reason: string; since?: string; until: string },
    credentials: BackstageCredentials,
  ): Promise<ExceptionRequest> {
    const user = userOf(credentials);
    const team = normalizeEntityRef(input.team, 'group') ?? input.team;
    await requirePermission(
      this.#permissions,
      credentials,
      { permission: agentPlatformExceptionRequestPermission, resourceRef: team },
      `request an exception for ${team}`,
    );
    const { index } = await this.#snapshot.get();
    const now = this.#clock.now();
    const { problems, request } = checkExceptionRequest(input, {
      teams: new Set(index.teamConfigsByOwner.keys()),
      mcpServers: new Set(index.catalog.mcpServers.map(s => entityRefOf(s))),
      maxDays: this.#settings.maxDays,
      now,
    });
    if (problems.length > 0) {
      throw new InputError(
        problems.map(p => `${p.field}: ${p.message}`).join('; '),
      );
    }
    const created = await this.#store.create({
      ...request,
      requestedBy: user,
      requestedAt: now.toISOString(),
    });
    this.#changed();
    return created;
  }

  /** An approver approves or denies a pending request. */
  async decide(
    id: string,
    decision: { status: 'approved' | 'denied'; note?: string },
    credentials: BackstageCredentials,
  ): Promise<ExceptionRequest> {
    const user = userOf(credentials);
    await requirePermission(
      this.#permissions,
      credentials,
      { permission: agentPlatformExceptionDecidePermission },
      'decide on exception requests',
    );
    const request = await this.#store.get(id);
    if (!request) {
      throw new NotFoundError(`No exception request ${id}`);
    }
    const now = this.#clock.now();
    if (decision.status === 'approved' && request.status === 'pending') {
      if (request.until < today(now)) {
        throw new InputError(
          `Exception request ${id} ended on ${request.until}; it can only be denied`,
        );
      }
      // The policy may have changed since the request was made: an approval
      // must be one that counts.
      const why = judgeException(
        { ...request, approvedBy: user },
        await this.policy(),
        now,
      );
      if (why) throw new InputError(why);
    }
    const decided = await this.#store.decide(id, {
      status: decision.status,
      decidedBy: user,
      decidedAt: now.toISOString(),
      ...(decision.note ? { note: decision.note } : {}),
    });
    if (decided.status === 'approved') {
      // Takes effect at the next snapshot; on this instance, right away.
      void this.#snapshot.refreshIfChanged().catch(() => undefined);
    }
    this.#changed();
    return decided;
  }

  /** Requests (of a team, or all) and the exceptions in the snapshot. */
  async list(
    filter: { team?: string },
    credentials: BackstageCredentials,
  ): Promise<ExceptionsView> {
    const team = filter.team
      ? normalizeEntityRef(filter.team, 'group') ?? filter.team
      : undefined;
    const [canDecide, canRequest, canReadAll] = await Promise.all([
      this.#allowed(credentials, {
        permission: agentPlatformExceptionDecidePermission,
      }),
      team
        ? this.#allowed(credentials, {
            permission: agentPlatformExceptionRequestPermission,
            resourceRef: team,
          })
        : Promise.resolve(false),
      team
        ? Promise.resolve(false)
        : this.#allowed(credentials, {
            permission: agentPlatformOverviewReadPermission,
          }),
    ]);
    if (!canDecide && !canRequest && !canReadAll) {
      throw new NotAllowedError(
        `Not allowed to read the exceptions of ${team ?? 'every team'}`,
      );
    }
    const now = this.#clock.now();
    const day = today(now);
    const requests = await this.#store.list(team ? { team } : {});
    const { index } = await this.#snapshot.get();
    const owners = team ? [team] : [...index.teamConfigsByOwner.keys()];
    const inConfig = owners.flatMap(owner =>
      (index.teamConfigsByOwner.get(owner) ?? []).flatMap(config =>
        (
          ((config.spec as { exceptions?: AgentConfigException[] })
            .exceptions ?? []) as AgentConfigException[]
        ).map(e => ({
          ...e,
          team: owner,
          config: entityRefOf(config),
        })),
      ),
    );
    return {
      requests: requests.map(r => ({ ...r, state: stateOf(r, day) })),
      inConfig,
      canDecide,
      canRequest,
      maxDays: this.#settings.maxDays,
    };
  }
}
