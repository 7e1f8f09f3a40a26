import {
  AuditorService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { entityParamsSchema } from '../schemas';
import { AgentPlatformClock } from '../services/clock';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { ConfigHistoryRecorder } from './ConfigHistoryRecorder';
import { ConfigHistoryStore } from './ConfigHistoryStore';

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/**
 * Sets up the history of each team's and repository's effective config:
 * recorded after every snapshot (see {@link ConfigHistoryRecorder}), served
 * at `GET /history/:kind/:namespace/:name` for a Group (its own changes and
 * its repositories') or a Component (its own and its team's), newest first,
 * to whoever may read the entity in the catalog.
 *
 * @public
 */
export async function setUpConfigHistory(deps: {
  database: DatabaseService;
  logger: LoggerService;
  clock: AgentPlatformClock;
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  cache: Pick<PlatformSnapshotCache, 'get' | 'onSnapshot'>;
}): Promise<{ router: express.Router; recorder: ConfigHistoryRecorder }> {
  const store = await ConfigHistoryStore.create(deps);
  const recorder = new ConfigHistoryRecorder({ ...deps, store });
  deps.cache.onSnapshot(async snapshot => {
    const result = await recorder.run(snapshot);
    if (result.recorded > 0) {
      // Recording the history is a write the suite performs: audited.
      const audit = await deps.auditor.createEvent({
        eventId: 'config-history-record',
        severityLevel: 'low',
        meta: { ...result },
      });
      await audit.success();
      deps.logger.info(
        `Config history: ${result.recorded} changes recorded of ${result.subjects} teams and repositories`,
      );
    }
  });

  const router = Router();
  router.get('/history/:kind/:namespace/:name', async (req, res) => {
    const params = entityParamsSchema.safeParse(req.params);
    const query = querySchema.safeParse(req.query);
    if (!params.success || !query.success) {
      throw new InputError(
        [
          ...(params.success ? [] : params.error.issues),
          ...(query.success ? [] : query.error.issues),
        ]
          .map(i => `${i.path.join('.')} ${i.message}`)
          .join('; '),
      );
    }
    const kind = params.data.kind.toLocaleLowerCase('en-US');
    if (kind !== 'group' && kind !== 'component') {
      throw new InputError(
        `History is kept for teams (group) and repositories (component), not ${kind}`,
      );
    }
    const ref = `${kind}:${params.data.namespace}/${params.data.name}`.toLocaleLowerCase('en-US');
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (!(await deps.catalog.getEntityByRef(ref, { credentials }))) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    const { overview } = await deps.cache.get();
    const subjects = new Set([ref]);
    for (const team of overview.teams) {
      const repos = team.repos.map(r => r.component);
      if (kind === 'group' && team.team === ref) {
        for (const r of repos) subjects.add(r);
      } else if (kind === 'component' && repos.includes(ref)) {
        subjects.add(team.team);
      }
    }
    res.json({
      entity: ref,
      subjects: [...subjects],
      entries: await store.history([...subjects], query.data.limit ?? 100),
    });
  });
  return { router, recorder };
}
