import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  agentPlatformSpendReadPermission,
  buildEntitySpendReport,
  addDays,
  componentRepoKeys,
  DEFAULT_SPEND_ANOMALY_METHOD,
  emptySpendTotals,
  groupRollup,
  SpendDayTotals,
  buildSpendReconciliation,
  buildPlatformSpendTable,
  effectiveMonthlyBudget,
  EntitySpendReport,
  parseSpendRange,
  PlatformIndex,
  PlatformSpendTable,
  previousRange,
  resolveSelection,
  selectLayers,
  SPEND_DIMENSIONS,
  SpendBreakdownRow,
  SpendBudget,
  SpendDimension,
  SpendRange,
  SpendRangeError,
  SpendReconciliation,
  spendBudget,
  utcDay,
  foldedBreakdownRange,
} from '@agent-platform/plugin-agent-platform-common';
import { AgentPlatformClock } from '../services/clock';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { PlatformSpendTables } from './PlatformSpendTables';
import { SpendCatalogIndex } from './SpendCatalogIndex';
import { SpendFilter, SpendStore } from './SpendStore';
import { requirePermission } from '../services/requirePermission';

const SPEND_KINDS = new Set([
  'group',
  'user',
  'component',
  'airesource',
  'api',
]);

/**
 * Reads spend reports from the daily rollups (never the raw points), with
 * budgets from the teams' effective agent configs.
 *
 * @public
 */
export class SpendQueryService {
  readonly #store: SpendStore;
  readonly #index: SpendCatalogIndex;
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #snapshot: Pick<PlatformSnapshotCache, 'get'>;
  readonly #clock: AgentPlatformClock;
  readonly #permissions: PermissionsService;
  readonly #tables: PlatformSpendTables;

  constructor(options: {
    store: SpendStore;
    index: SpendCatalogIndex;
    catalog: CatalogService;
    auth: AuthService;
    snapshot: Pick<PlatformSnapshotCache, 'get'>;
    clock: AgentPlatformClock;
    permissions: PermissionsService;
    /**
     * Where platform tables are kept and shared. Default: none kept (each
     * read computes; concurrent reads share a computation).
     */
    platformTables?: PlatformSpendTables;
  }) {
    this.#tables =
      options.platformTables ?? new PlatformSpendTables({ maxAgeMs: 0 });
    this.#permissions = options.permissions;
    this.#store = options.store;
    this.#index = options.index;
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#snapshot = options.snapshot;
    this.#clock = options.clock;
  }

  /**
   * Checks `agent-platform.spend.read` on a spend resource (an entity ref,
   * or the platform resource).
   *
   * @throws NotAllowedError when the policy denies it.
   */
  async authorizeRead(
    resourceRef: string,
    credentials: BackstageCredentials,
    what: string,
  ): Promise<void> {
    await requirePermission(
      this.#permissions,
      credentials,
      { permission: agentPlatformSpendReadPermission, resourceRef },
      `read the spend of ${what}`,
    );
  }

  /** Reads `from`/`to` query parameters. @throws InputError */
  range(query: { from?: unknown; to?: unknown }): SpendRange {
    try {
      return parseSpendRange(query, this.#clock.now());
    } catch (error) {
      if (error instanceof SpendRangeError) throw new InputError(error.message);
      throw error;
    }
  }

  /**
   * Normalizes the ref of an entity whose spend can be read.
   *
   * @throws InputError for another kind or a malformed ref.
   */
  normalizeRef(ref: string): string {
    let parsed;
    try {
      parsed = parseEntityRef(ref);
    } catch (error) {
      throw new InputError(`Invalid entity ref ${JSON.stringify(ref)}`, error);
    }
    const normalized = stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
    if (!SPEND_KINDS.has(parsed.kind.toLocaleLowerCase('en-US'))) {
      throw new InputError(
        `Spend is reported for Group, User, Component, skill (AiResource) and MCP server (API) entities, not ${parsed.kind} (${normalized})`,
      );
    }
    return normalized;
  }

  /** The teams (Group refs) and users whose spend an entity's spend is, for the permission rule. */
  async claimsOf(ref: string): Promise<string[]> {
    const parsed = parseEntityRef(ref);
    const kind = parsed.kind.toLocaleLowerCase('en-US');
    if (kind === 'group') return [ref];
    if (kind === 'user') {
      const index = await this.#index.get();
      return [ref, ...(index.memberships.get(ref) ?? [])];
    }
    if (kind === 'component') {
      const entity = await this.#catalog.getEntityByRef(ref, {
        credentials: await this.#auth.getOwnServiceCredentials(),
      });
      const owner = (entity?.spec as { owner?: unknown } | undefined)?.owner;
      if (typeof owner !== 'string') return [];
      return [
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: parsed.namespace,
          }),
        ).toLocaleLowerCase('en-US'),
      ];
    }
    return [];
  }

  /**
   * The spend report of a Group (its team's spend), a User (its own) or a
   * Component (spend whose `repo` is the Component's name).
   *
   * @throws NotFoundError when the caller cannot see the entity.
   */
  async entityReport(
    ref: string,
    range: SpendRange,
    credentials: BackstageCredentials,
  ): Promise<EntitySpendReport> {
    const entity = await this.#catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${ref} in the catalog`);
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (kind === 'airesource' || kind === 'api') {
      return this.#keyReport(ref, entity, range);
    }
    let filter: SpendFilter;
    let children: Array<{ ref: string; groups: string[] }> = [];
    if (kind === 'group') {
      // A department's spend is its subtree's: each group once.
      const rollup = groupRollup((await this.#index.get()).children, ref);
      filter =
        rollup.groups.length === 1 ? { team: ref } : { teams: rollup.groups };
      children = rollup.children;
    } else if (kind === 'user') {
      filter = { user: ref };
    } else {
      filter = { repos: componentRepoKeys(entity) };
    }

    const allGroups = [...new Set(children.flatMap(c => c.groups))];
    const [days, folded, teamTotals, byDimension] = await Promise.all([
      this.#store.days(filter, this.#historyFrom(range), range.to),
      // A team's rows are never folded; a user's and a repository's
      // breakdowns are, by month, after retention.breakdownDays.
      kind === 'group' ? undefined : this.#store.foldedMonths(),
      allGroups.length
        ? this.#store.teamTotals(allGroups, range.from, range.to)
        : Promise.resolve([]),
      this.#store.breakdowns(filter, SPEND_DIMENSIONS, range.from, range.to),
    ]);
    const totalsOf = new Map(teamTotals.map(t => [t.team, t.totals]));
    const byTeam = children.map(child => {
      const sum = emptySpendTotals();
      for (const g of child.groups) {
        const t = totalsOf.get(g);
        if (!t) continue;
        sum.cost += t.cost;
        sum.tokens.input += t.tokens.input;
        sum.tokens.output += t.tokens.output;
        sum.tokens.cacheRead += t.tokens.cacheRead;
        sum.tokens.cacheCreation += t.tokens.cacheCreation;
      }
      return { key: child.ref, cost: sum.cost, tokens: sum.tokens };
    });
    const breakdownRange = foldedBreakdownRange(range, folded);
    const report = buildEntitySpendReport({
      entityRef: ref,
      range,
      days,
      breakdowns: byDimension,
      byTeam,
      budget:
        kind === 'group'
          ? await this.budget(
              ref,
              // A department's days are its subtree's; its budget reads its own.
              'team' in filter ? this.#monthToDate(days, range) : undefined,
            )
          : null,
    });
    return breakdownRange ? { ...report, breakdownRange } : report;
  }

  /**
   * The month to date from days already read, when they cover it (the range
   * reaches today and starts before the month): saves the budget a query.
   */
  #monthToDate(days: SpendDayTotals[], range: SpendRange): number | undefined {
    const today = utcDay(this.#clock.now());
    const monthStart = `${today.slice(0, 7)}-01`;
    if (range.to < today || this.#historyFrom(range) > monthStart) {
      return undefined;
    }
    return days
      .filter(d => d.date >= monthStart && d.date <= today)
      .reduce((sum, d) => sum + d.totals.cost, 0);
  }

  /** The first day a report reads: the previous range's, or the anomaly window's. */
  #historyFrom(range: SpendRange): string {
    const previous = previousRange(range).from;
    const window = addDays(
      range.from,
      -DEFAULT_SPEND_ANOMALY_METHOD.windowDays,
    );
    return window < previous ? window : previous;
  }

  /**
   * The spend of a skill or a subagent (AiResource) or an MCP server (API):
   * the spend whose `skill.name`, `agent.name` or `mcp_server.name` is the
   * entity's name, per day and per team. A subagent is keyed by its own name
   * (the entity's title; a repository's subagent entity's name carries the
   * Component's name before it), so the spend of a subagent of that name
   * anywhere counts.
   */
  async #keyReport(
    ref: string,
    entity: {
      kind: string;
      metadata: { name: string; title?: string };
      spec?: { type?: unknown };
    },
    range: SpendRange,
  ): Promise<EntitySpendReport> {
    let dimension: SpendDimension = 'skill';
    let key = entity.metadata.name;
    if (entity.kind.toLocaleLowerCase('en-US') === 'api') {
      dimension = 'mcpServer';
    } else if (entity.spec?.type === 'subagent') {
      dimension = 'agent';
      key = entity.metadata.title ?? entity.metadata.name;
    }
    const rows = await this.#store.keyDays(
      dimension,
      key,
      this.#historyFrom(range),
      range.to,
    );
    const byDate = new Map<string, SpendDayTotals>();
    const byTeam = new Map<string | null, SpendBreakdownRow>();
    for (const row of rows) {
      const day = byDate.get(row.date) ?? {
        date: row.date,
        totals: emptySpendTotals(),
      };
      day.totals.cost += row.cost;
      day.totals.tokens.input += row.tokens.input;
      day.totals.tokens.output += row.tokens.output;
      day.totals.tokens.cacheRead += row.tokens.cacheRead;
      day.totals.tokens.cacheCreation += row.tokens.cacheCreation;
      byDate.set(row.date, day);
      if (row.date < range.from) continue;
      const team = byTeam.get(row.team) ?? {
        key: row.team,
        cost: 0,
        tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 },
      };
      team.cost += row.cost;
      team.tokens.input += row.tokens.input;
      team.tokens.output += row.tokens.output;
      team.tokens.cacheRead += row.tokens.cacheRead;
      team.tokens.cacheCreation += row.tokens.cacheCreation;
      byTeam.set(row.team, team);
    }
    const none = Object.fromEntries(
      SPEND_DIMENSIONS.map(d => [d, []]),
    ) as unknown as Record<SpendDimension, SpendBreakdownRow[]>;
    return buildEntitySpendReport({
      entityRef: ref,
      range,
      days: [...byDate.values()],
      breakdowns: none,
      byTeam: [...byTeam.values()],
      budget: null,
    });
  }

  /**
   * A team's spend per source and day next to what is counted (one source
   * per user-day).
   *
   * @throws InputError for an entity that is not a Group.
   * @throws NotFoundError when the caller cannot see the Group.
   */
  async reconciliation(
    ref: string,
    range: SpendRange,
    credentials: BackstageCredentials,
  ): Promise<SpendReconciliation> {
    if (!ref.startsWith('group:')) {
      throw new InputError(
        `The reconciliation is kept per team: ${ref} is not a Group`,
      );
    }
    const entity = await this.#catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${ref} in the catalog`);
    const [sources, counted] = await Promise.all([
      this.#store.sourceDays(ref, range.from, range.to),
      this.#store.days({ team: ref }, range.from, range.to),
    ]);
    return buildSpendReconciliation({
      entityRef: ref,
      range,
      sources,
      counted,
    });
  }

  /**
   * The platform table: every Group of type team and the unattributed row,
   * computed once per range and shared (see {@link PlatformSpendTables}):
   * never modify it.
   */
  async platformTable(range: SpendRange): Promise<PlatformSpendTable> {
    return this.#tables.get(range, () => this.computePlatformTable(range));
  }

  /** {@link SpendQueryService.platformTable} as JSON, serialized once per table. */
  async platformTableJson(range: SpendRange): Promise<string> {
    return this.#tables.getJson(range, () => this.computePlatformTable(range));
  }

  /** {@link SpendQueryService.platformTableJson} gzipped, compressed once per table. */
  async platformTableGzippedJson(range: SpendRange): Promise<Buffer> {
    return this.#tables.getGzippedJson(range, () =>
      this.computePlatformTable(range),
    );
  }

  /**
   * Computes the platform table now (what {@link SpendQueryService.platformTable}
   * serves): six rollup queries and each team's budget.
   */
  async computePlatformTable(range: SpendRange): Promise<PlatformSpendTable> {
    const previous = previousRange(range);
    const now = this.#clock.now();
    const monthStart = `${utcDay(now).slice(0, 7)}-01`;
    const [index, current, before, month, byModel, bySkill, daily] =
      await Promise.all([
        this.#index.get(),
        this.#store.byTeam(range.from, range.to),
        this.#store.byTeam(previous.from, previous.to),
        this.#store.byTeam(monthStart, utcDay(now)),
        this.#store.breakdownByTeam('model', range.from, range.to),
        this.#store.breakdownByTeam('skill', range.from, range.to),
        this.#store.teamDays(
          addDays(range.to, -DEFAULT_SPEND_ANOMALY_METHOD.windowDays),
          range.to,
        ),
      ]);
    const monthToDate = new Map(month.map(m => [m.team, m.totals.cost]));
    // Every team's budget from one snapshot: kept with each team config's
    // resolution (resolved again only for a Group the snapshot has none for).
    const { snapshot, index: configs } = await this.#snapshot.get();
    const teams = index.teams.map(team => {
      const { monthlyUsd, source } =
        snapshot.teamBudget(team.ref) ?? budgetOf(configs, team.ref, now);
      return {
        ...team,
        budget: spendBudget({
          monthlyUsd,
          source,
          monthToDate: monthToDate.get(team.ref) ?? 0,
          now,
        }),
      };
    });
    return buildPlatformSpendTable({
      range,
      teams,
      current,
      previous: before.map(b => ({ team: b.team, cost: b.totals.cost })),
      breakdowns: [
        ...byModel.map(b => ({ ...b, dimension: 'model' as const })),
        ...bySkill.map(b => ({ ...b, dimension: 'skill' as const })),
      ],
      daily,
    });
  }

  /**
   * Each team's cost over a range with its cost by model and by skill: what
   * the platform page's model mix and promotion candidates read, without the
   * platform table's previous period, month to date and budgets.
   */
  async teamMixes(range: SpendRange): Promise<
    Map<
      string,
      {
        cost: number;
        byModel: SpendBreakdownRow[];
        bySkill: SpendBreakdownRow[];
      }
    >
  > {
    const [current, byModel, bySkill] = await Promise.all([
      this.#store.byTeam(range.from, range.to),
      this.#store.breakdownByTeam('model', range.from, range.to),
      this.#store.breakdownByTeam('skill', range.from, range.to),
    ]);
    const mixes = new Map<
      string,
      {
        cost: number;
        byModel: SpendBreakdownRow[];
        bySkill: SpendBreakdownRow[];
      }
    >();
    const mixOf = (team: string) => {
      let mix = mixes.get(team);
      if (!mix) {
        mix = { cost: 0, byModel: [], bySkill: [] };
        mixes.set(team, mix);
      }
      return mix;
    };
    for (const { team, totals } of current)
      if (team) mixOf(team).cost = totals.cost;
    for (const { team, row } of byModel)
      if (team) mixOf(team).byModel.push(row);
    for (const { team, row } of bySkill)
      if (team) mixOf(team).bySkill.push(row);
    return mixes;
  }

  /** A team's budget for the current month, from its effective agent config. */
  async budget(teamRef: string, monthToDate?: number): Promise<SpendBudget> {
    const now = this.#clock.now();
    const { monthlyUsd, source } = await this.#budgetOf(teamRef);
    let spent = monthToDate;
    if (spent === undefined) {
      const days = await this.#store.days(
        { team: teamRef },
        `${utcDay(now).slice(0, 7)}-01`,
        utcDay(now),
      );
      spent = days.reduce((sum, d) => sum + d.totals.cost, 0);
    }
    return spendBudget({ monthlyUsd, source, monthToDate: spent, now });
  }

  async #budgetOf(
    teamRef: string,
  ): Promise<{ monthlyUsd: number | null; source: string | null }> {
    const { snapshot, index } = await this.#snapshot.get();
    return (
      snapshot.teamBudget(teamRef) ??
      budgetOf(index, teamRef, this.#clock.now())
    );
  }
}

/** A team's monthly budget and the config that sets it, from its effective config. */
function budgetOf(
  index: PlatformIndex,
  teamRef: string,
  now: Date,
): { monthlyUsd: number | null; source: string | null } {
  const { name, namespace } = parseEntityRef(teamRef);
  const selection = selectLayers(index, {
    kind: 'Group',
    metadata: { name, namespace },
  });
  if (!selection.ok) return { monthlyUsd: null, source: null };
  const resolution = resolveSelection(index, selection, now);
  return effectiveMonthlyBudget(
    resolution.effective.budget,
    resolution.configs,
  );
}
