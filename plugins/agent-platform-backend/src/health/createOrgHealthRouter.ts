import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE,
  agentPlatformOverviewReadPermission,
  buildAdoptionTable,
  weekStartOf,
} from '@agent-platform/plugin-agent-platform-common';
import { reuseOf } from './reuseFromSnapshot';
import { ReuseHistoryStore } from './ReuseHistoryStore';
import { SpendFeature } from '../spend/setUpSpend';
import express from 'express';
import Router from 'express-promise-router';
import { requirePermission } from '../services/requirePermission';
import { AgentPlatformClock } from '../services/clock';
import { PlatformSnapshot } from '../services/PlatformSnapshotCache';
import { NearDuplicatesService } from './NearDuplicatesService';
import { stalenessOf } from './stalenessFromSnapshot';

/** A whole number query parameter within bounds, or the default. */
function intParam(
  query: unknown,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (query === undefined) return fallback;
  const value = typeof query === 'string' && /^\d+$/.test(query) ? Number(query) : NaN;
  if (!(value >= min && value <= max)) {
    throw new InputError(
      `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(query)}`,
    );
  }
  return value;
}

/**
 * The org health views, for whoever may read the platform overview
 * (`agent-platform.overview.read`): `GET /health/near-duplicates`,
 * `GET /health/staleness?staleAfterDays=&team=`, and (with spend read on the
 * platform too) `GET /health/adoption?from&to`, and
 * `GET /health/reuse?weeks=` (the stored weekly history and this week's
 * measure from the current snapshot).
 *
 * @public
 */
export function createOrgHealthRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  nearDuplicates: Pick<NearDuplicatesService, 'get'>;
  snapshot: () => Promise<PlatformSnapshot>;
  clock: AgentPlatformClock;
  /** Default of `staleAfterDays` (`agentPlatform.health.staleAfterDays`, 90). */
  staleAfterDays: number;
  spend: Pick<SpendFeature, 'query' | 'store'>;
  reuseHistory: Pick<ReuseHistoryStore, 'list'>;
}): express.Router {
  const { httpAuth, permissions } = options;
  const router = Router();
  const allowed = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermission(
      permissions,
      credentials,
      { permission: agentPlatformOverviewReadPermission },
      'read the org health views',
    );
    return credentials;
  };

  router.get('/health/near-duplicates', async (req, res) => {
    await allowed(req);
    res.json(await options.nearDuplicates.get());
  });

  router.get('/health/staleness', async (req, res) => {
    await allowed(req);
    const days = intParam(
      req.query.staleAfterDays,
      'staleAfterDays',
      options.staleAfterDays,
      1,
      3650,
    );
    const snapshot = await options.snapshot();
    const report = stalenessOf(snapshot, options.clock.now(), days);
    // `team` (a Group ref) narrows the report to one team's page.
    const team =
      typeof req.query.team === 'string'
        ? req.query.team.toLocaleLowerCase('en-US')
        : undefined;
    res.json({
      builtAt: snapshot.builtAt.toISOString(),
      ...report,
      ...(team
        ? {
            staleRepos: report.staleRepos.filter(r => r.team === team),
            undatedRepos: report.undatedRepos.filter(c =>
              snapshot.overview.teams.some(
                t => t.team === team && t.repos.some(r => r.component === c),
              ),
            ),
            unreviewedTeams: report.unreviewedTeams.filter(
              t => t.team === team,
            ),
          }
        : {}),
    });
  });

  router.get('/health/adoption', async (req, res) => {
    const credentials = await allowed(req);
    const { query, store } = options.spend;
    await query.authorizeRead(
      AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE,
      credentials,
      'every team',
    );
    const range = query.range(req.query);
    const [table, users] = await Promise.all([
      query.platformTable(range),
      store.breakdownByTeam('user', range.from, range.to),
    ]);
    res.json(buildAdoptionTable({ range, rows: table.rows, users }));
  });

  router.get('/health/reuse', async (req, res) => {
    await allowed(req);
    const weeks = intParam(req.query.weeks, 'weeks', 26, 1, 520);
    const [snapshot, history] = await Promise.all([
      options.snapshot(),
      options.reuseHistory.list(weeks),
    ]);
    res.json({
      current: {
        week: weekStartOf(options.clock.now()),
        ...reuseOf(snapshot),
      },
      history,
    });
  });

  return router;
}
