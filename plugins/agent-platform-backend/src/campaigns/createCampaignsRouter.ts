import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  agentPlatformCampaignStartPermission,
  CampaignAnswer,
  CampaignListAnswer,
  CampaignStartAnswer,
  CampaignSummary,
  componentRepoUrl,
  isBaseAgentConfigEntity,
  planCampaign,
} from '@agent-platform/plugin-agent-platform-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { audited } from '../governance/audited';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { requirePermission } from '../services/requirePermission';
import { CampaignStore } from './CampaignStore';

const refPart = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be an entity name');
const baseParams = z.object({ namespace: refPart, name: refPart });
const idParams = z.object({
  id: z.string().regex(/^[1-9][0-9]{0,9}$/, 'must be a campaign id'),
});
const startBody = z.object({ version: z.string().trim().min(1).max(64) });

function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues
        .map(
          i =>
            `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${
              i.message
            }`,
        )
        .join('; '),
    );
  }
  return parsed.data;
}

/**
 * Upgrade campaigns: the repositories below a base release, planned from the
 * platform snapshot, stored for the scheduled runner.
 *
 * @public
 */
export class CampaignService {
  constructor(
    private readonly options: {
      store: CampaignStore;
      cache: PlatformSnapshotCache;
      permissions: PermissionsService;
      now: () => number;
    },
  ) {}

  async #base(namespace: string, name: string) {
    const ref = `airesource:${namespace}/${name}`.toLocaleLowerCase('en-US');
    const { snapshot } = await this.options.cache.get();
    const entity = snapshot.index.configs.get(ref);
    const releases = snapshot.releases(name);
    if (!entity || !isBaseAgentConfigEntity(entity) || !releases) {
      throw new NotFoundError(`${ref} is not an org base in the catalog`);
    }
    return { entity, releases, snapshot };
  }

  /** Starts a campaign (platform team only): every repository below `version`. */
  async start(
    namespace: string,
    name: string,
    version: string,
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>,
  ): Promise<CampaignStartAnswer> {
    await requirePermission(
      this.options.permissions,
      credentials,
      { permission: agentPlatformCampaignStartPermission },
      'start an upgrade campaign',
    );
    const { entity, releases, snapshot } = await this.#base(namespace, name);
    const plan = planCampaign({
      base: entity,
      version,
      repos: releases.flatMap(r =>
        r.repos.map(ref => ({ ref, pin: r.version })),
      ),
      repoUrlOf: ref => {
        const component = snapshot.index.components.get(ref);
        return component ? componentRepoUrl(component) : undefined;
      },
    });
    if (!plan.ok) throw new InputError(plan.message);
    if (plan.repos.length === 0) {
      throw new InputError(
        `No repository pins a release of ${name} below ${version}; there is nothing to open`,
      );
    }
    const { id, added } = await this.options.store.createCampaign({
      base: entity.metadata.name,
      version,
      createdBy: credentials.principal.userEntityRef,
      now: this.options.now(),
      repos: plan.repos,
    });
    const campaign = await this.options.store.campaign(id);
    if (!campaign) {
      throw new NotFoundError(`Campaign ${id} is gone`);
    }
    return { campaign, added, alreadyPlanned: plan.repos.length - added };
  }

  /** Queues a campaign's failed repositories again (platform team). */
  async retry(
    id: number,
    credentials: BackstageCredentials,
  ): Promise<{ campaign: CampaignSummary; requeued: number }> {
    await requirePermission(
      this.options.permissions,
      credentials,
      { permission: agentPlatformCampaignStartPermission },
      'retry an upgrade campaign',
    );
    if (!(await this.options.store.campaign(id))) {
      throw new NotFoundError(`There is no campaign ${id}`);
    }
    const requeued = await this.options.store.retryFailed(
      id,
      this.options.now(),
    );
    const campaign = await this.options.store.campaign(id);
    return { campaign: campaign!, requeued };
  }

  async list(
    namespace: string,
    name: string,
    credentials: BackstageCredentials,
  ): Promise<CampaignListAnswer> {
    const { entity } = await this.#base(namespace, name);
    const [decision] = await this.options.permissions.authorize(
      [{ permission: agentPlatformCampaignStartPermission }],
      { credentials },
    );
    return {
      campaigns: await this.options.store.campaigns(entity.metadata.name),
      canStart: decision.result === AuthorizeResult.ALLOW,
    };
  }

  async get(id: number): Promise<CampaignAnswer> {
    const campaign = await this.options.store.campaign(id);
    if (!campaign) throw new NotFoundError(`There is no campaign ${id}`);
    return { ...campaign, repos: await this.options.store.repos(id) };
  }
}

/**
 * Routes of upgrade campaigns (mounted under `/api/agent-platform`):
 * `GET /bases/:namespace/:name/campaigns` (the base's campaigns with their
 * progress, and whether the caller may start one), `POST` to the same path with `{ version }` (the platform team
 * starts one; an auditor event `upgrade-campaign-start`, allowed or not), and
 * `GET /campaigns/:id` (each repository's state), and
 * `POST /campaigns/:id/retry` (the platform team queues the failed ones
 * again; an auditor event `upgrade-campaign-retry`).
 *
 * @public
 */
export function createCampaignsRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  campaigns: CampaignService;
}): express.Router {
  const { httpAuth, auditor, campaigns } = options;
  const router = Router();
  router.use('/bases/:namespace/:name/campaigns', express.json());

  router.get('/bases/:namespace/:name/campaigns', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = parse(baseParams, req.params, 'path');
    res.json(await campaigns.list(namespace, name, credentials));
  });

  router.post('/bases/:namespace/:name/campaigns', async (req, res) => {
    const started = await audited(
      auditor,
      {
        eventId: 'upgrade-campaign-start',
        severityLevel: 'high',
        request: req,
        meta: {
          base: `${req.params.namespace}/${req.params.name}`,
          version: String(req.body?.version ?? ''),
        },
      },
      async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        const { namespace, name } = parse(baseParams, req.params, 'path');
        const { version } = parse(startBody, req.body, 'body');
        return campaigns.start(namespace, name, version, credentials);
      },
      answer => ({
        campaign: answer.campaign.id,
        added: answer.added,
        alreadyPlanned: answer.alreadyPlanned,
      }),
    );
    res.status(started.added > 0 ? 201 : 200).json(started);
  });

  router.post('/campaigns/:id/retry', async (req, res) => {
    const retried = await audited(
      auditor,
      {
        eventId: 'upgrade-campaign-retry',
        severityLevel: 'medium',
        request: req,
        meta: { campaign: String(req.params.id) },
      },
      async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        const { id } = parse(idParams, req.params, 'path');
        return campaigns.retry(Number(id), credentials);
      },
      answer => ({ requeued: answer.requeued }),
    );
    res.json(retried);
  });

  router.get('/campaigns/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { id } = parse(idParams, req.params, 'path');
    res.json(await campaigns.get(Number(id)));
  });

  return router;
}
