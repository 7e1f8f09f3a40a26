import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import type {
  ExceptionRequest,
  ExceptionRequestStatus,
} from '@agent-platform/plugin-agent-platform-common';

export type { ExceptionRequest, ExceptionRequestStatus };

const TABLE = 'agent_platform_exception_requests';

/** Where the governance migrations (exception requests, notification state) live, and their own migrations table. @internal */
export const GOVERNANCE_MIGRATIONS = {
  directory: resolvePackagePath(
    '@agent-platform/plugin-agent-platform-backend',
    'migrations/governance',
  ),
  tableName: 'agent_platform_governance_knex_migrations',
};

/**
 * Storage of exception requests.
 *
 * @public
 */
export interface ExceptionRequestStore {
  /** Stores a new pending request; refuses a second pending one for the same team and target. */
  create(
    request: Omit<ExceptionRequest, 'id' | 'status'>,
  ): Promise<ExceptionRequest>;
  /** Records a decision on a pending request; refuses a request already decided. */
  decide(
    id: string,
    decision: {
      status: 'approved' | 'denied';
      decidedBy: string;
      decidedAt: string;
      note?: string;
    },
  ): Promise<ExceptionRequest>;
  /** One request. */
  get(id: string): Promise<ExceptionRequest | undefined>;
  /** Requests, newest first: of one team, and/or in some states, and/or ending on or after a day. */
  list(filter?: {
    team?: string;
    status?: ExceptionRequestStatus[];
    untilFrom?: string;
  }): Promise<ExceptionRequest[]>;
  /** Changes whenever an approval is recorded: count and latest decision time. */
  approvedVersion(): Promise<string>;
}

type Row = {
  id: string;
  team_ref: string;
  target: string;
  reason: string;
  since: string;
  until: string;
  requested_by: string;
  requested_at: string;
  status: ExceptionRequestStatus;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  open_key: string | null;
};

const openKey = (team: string, target: string) =>
  createHash('sha256').update(`${team}\n${target}`).digest('hex');

function fromRow(row: Row): ExceptionRequest {
  return {
    id: row.id,
    team: row.team_ref,
    target: row.target,
    reason: row.reason,
    since: row.since,
    until: row.until,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    status: row.status,
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_at ? { decidedAt: row.decided_at } : {}),
    ...(row.decision_note ? { decisionNote: row.decision_note } : {}),
  };
}

const UNIQUE_VIOLATION = /UNIQUE constraint failed|duplicate key value/;

/**
 * {@link ExceptionRequestStore} on the plugin's database.
 *
 * @public
 */
export class DatabaseExceptionRequestStore implements ExceptionRequestStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseExceptionRequestStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest(GOVERNANCE_MIGRATIONS);
    }
    return new DatabaseExceptionRequestStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async create(
    request: Omit<ExceptionRequest, 'id' | 'status'>,
  ): Promise<ExceptionRequest> {
    const row: Row = {
      id: randomUUID(),
      team_ref: request.team,
      target: request.target,
      reason: request.reason,
      since: request.since,
      until: request.until,
      requested_by: request.requestedBy,
      requested_at: request.requestedAt,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      decision_note: null,
      open_key: openKey(request.team, request.target),
    };
    try {
      await this.knex(TABLE).insert(row);
    } catch (error) {
      if (!UNIQUE_VIOLATION.test(String((error as Error)?.message))) {
        throw error;
      }
      const [existing] = await this.knex<Row>(TABLE)
        .where({ open_key: row.open_key })
        .select();
      throw new ConflictError(
        `${request.team} already has a pending exception request for ${
          request.target
        }${existing ? ` (${existing.id}, by ${existing.requested_by})` : ''}`,
      );
    }
    return fromRow(row);
  }

  async decide(
    id: string,
    decision: {
      status: 'approved' | 'denied';
      decidedBy: string;
      decidedAt: string;
      note?: string;
    },
  ): Promise<ExceptionRequest> {
    // Only a pending request changes: a replayed or concurrent decision
    // updates nothing and is refused below.
    const updated = await this.knex<Row>(TABLE)
      .where({ id, status: 'pending' })
      .update({
        status: decision.status,
        decided_by: decision.decidedBy,
        decided_at: decision.decidedAt,
        decision_note: decision.note ?? null,
        open_key: null,
      });
    const current = await this.get(id);
    if (!current) {
      throw new NotFoundError(`No exception request ${id}`);
    }
    if (updated === 0) {
      throw new ConflictError(
        `Exception request ${id} was already ${current.status} by ${current.decidedBy} at ${current.decidedAt}`,
      );
    }
    return current;
  }

  async get(id: string): Promise<ExceptionRequest | undefined> {
    const [row] = await this.knex<Row>(TABLE).where({ id }).select();
    return row ? fromRow(row) : undefined;
  }

  async list(
    filter: {
      team?: string;
      status?: ExceptionRequestStatus[];
      untilFrom?: string;
    } = {},
  ): Promise<ExceptionRequest[]> {
    const query = this.knex<Row>(TABLE).select();
    if (filter.team) query.where({ team_ref: filter.team });
    if (filter.status) query.whereIn('status', filter.status);
    if (filter.untilFrom) query.where('until', '>=', filter.untilFrom);
    const rows = await query
      .orderBy('requested_at', 'desc')
      .orderBy('id', 'asc');
    return rows.map(fromRow);
  }

  async approvedVersion(): Promise<string> {
    const [row] = await this.knex(TABLE)
      .where({ status: 'approved' })
      .count({ n: '*' })
      .max({ latest: 'decided_at' });
    return `${row?.n ?? 0}:${row?.latest ?? ''}`;
  }
}
