import {
  agentToolsOfTeam,
  checkScaffoldOwner,
  entityRefOf,
  groupsOfUser,
  latestRelease,
  normalizeEntityRef,
  planAgentContext,
  readReleases,
  ScaffoldCatalog,
  scaffoldAssetChoices,
  ScaffoldProblem,
  sortAgentPlatformEntities,
  teamConfigOf,
  baseFor,
  teamsOfUser,
} from '@agent-platform/plugin-agent-platform-common';
import {
  BackstageCredentials,
  HttpAuthService,
  RootConfigService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AgentPlatformClock } from '../services/clock';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';

const DEFAULT_PLATFORM_TEAM = 'group:default/platform';

const previewSchema = z.object({
  name: z.string().max(200).default(''),
  owner: z.string().max(300).default(''),
  description: z.string().max(1_000_000).optional(),
  skills: z.array(z.string().max(300)).max(200).optional(),
  mcpServers: z.array(z.string().max(300)).max(200).optional(),
  layout: z.enum(['claude', 'bridge']).optional(),
  tools: z.array(z.string().max(50)).max(20).optional(),
  baseVersion: z.string().max(100).optional(),
});

/**
 * The scaffolder form's view of the base (mounted at `/scaffold`):
 * `GET /options?owner=` (the teams the user may pick, the release a new
 * repository pins and what the team's config adds, the skills and MCP
 * servers the team may add) and `POST /preview` (the files a request would
 * generate, or the problems with their fields), both computed by the core
 * functions the scaffolder actions run ({@link planAgentContext},
 * {@link scaffoldAssetChoices}) on the platform snapshot.
 *
 * @public
 */
export function createScaffoldRouter(options: {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  catalog: CatalogService;
  cache: PlatformSnapshotCache;
  clock: AgentPlatformClock;
  config: RootConfigService;
}): express.Router {
  const { httpAuth, userInfo, catalog, cache, clock } = options;
  const platformTeam =
    normalizeEntityRef(
      options.config.getOptionalString('agentPlatform.platformTeam') ??
        DEFAULT_PLATFORM_TEAM,
      'group',
    ) ?? DEFAULT_PLATFORM_TEAM;
  const router = Router();
  router.use(express.json({ limit: '2mb' }));

  /** The user, their groups, the teams of the catalog and the snapshot. */
  async function context(credentials: BackstageCredentials<any>) {
    const userRef = credentials.principal.userEntityRef as string;
    const [info, userEntity, groups, snapshot] = await Promise.all([
      userInfo.getUserInfo(credentials).catch(() => undefined),
      catalog.getEntityByRef(userRef, { credentials }),
      catalog.getEntities(
        { filter: { kind: 'Group' }, fields: ['kind', 'metadata', 'spec'] },
        { credentials },
      ),
      cache.get(),
    ]);
    const user = {
      ref: normalizeEntityRef(userRef),
      groups: groupsOfUser({
        ownershipEntityRefs: info?.ownershipEntityRefs,
        userEntity,
      }),
    };
    // Configs live in the index's map (kept up to date as the catalog
    // changes); skills and servers in its catalog.
    const sorted = sortAgentPlatformEntities([
      ...snapshot.index.configs.values(),
      ...snapshot.index.catalog.skills,
      ...snapshot.index.catalog.mcpServers,
    ]);
    const agentCatalog: ScaffoldCatalog = {
      bases: sorted.bases,
      teams: sorted.teams,
      skills: sorted.skills,
      mcpServers: sorted.mcpServers,
      repos: [...snapshot.index.configs.values()].filter(
        c => c.spec.level === 'repo',
      ),
    };
    return { user, groups: groups.items as Entity[], agentCatalog };
  }

  const groupOf = (groups: Entity[], ref: string | undefined) =>
    ref ? groups.find(g => entityRefOf(g) === ref) : undefined;

  router.get('/options', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { user, groups, agentCatalog } = await context(credentials);
    const isPlatform = user.groups.includes(platformTeam);
    const teams = isPlatform
      ? groups
          .filter(g => (g.spec as { type?: string })?.type === 'team')
          .map(g => entityRefOf(g))
          .sort()
      : teamsOfUser(user, groups);
    const asked =
      typeof req.query.owner === 'string' && req.query.owner
        ? normalizeEntityRef(req.query.owner, 'group')
        : undefined;
    const mine = teamsOfUser(user, groups);
    const owner = asked ?? mine[0] ?? teams[0];
    const problems: ScaffoldProblem[] = owner
      ? checkScaffoldOwner({
          owner,
          ownerEntity: groupOf(groups, owner),
          user,
          platformTeam,
        })
      : [
          {
            field: 'owner',
            message: `${user.ref} belongs to no team in the catalog, so cannot own a repository; ask to be added to your team (memberOf) first`,
          },
        ];
    const team = owner ? teamConfigOf(agentCatalog, owner) : undefined;
    if (owner && problems.length === 0 && !team) {
      problems.push({
        field: 'owner',
        message: `The team ${owner} has no agent config (AiResource, spec.type agent-config, level team) in the catalog; the platform team creates one before the team's repositories can be scaffolded`,
      });
    }
    const base = baseFor(agentCatalog, team);
    const release = base
      ? latestRelease(readReleases(base).releases)
      : undefined;
    const pin =
      base && release ? `${base.metadata.name}@${release.version}` : undefined;
    const choices =
      base && pin && owner
        ? scaffoldAssetChoices({
            catalog: agentCatalog,
            base,
            team,
            owner,
            pin,
            now: clock.now(),
          })
        : { skills: [], mcpServers: [] };
    const spec = (team?.spec ?? {}) as Record<string, any>;
    res.json({
      user,
      teams: teams.map(ref => ({
        ref,
        title:
          groupOf(groups, ref)?.metadata.title ??
          groupOf(groups, ref)?.metadata.name ??
          ref,
      })),
      ...(owner ? { owner } : {}),
      ...(pin && release
        ? {
            pin,
            release: {
              base: base!.metadata.name,
              version: release.version,
              ...(release.date ? { date: release.date } : {}),
              ...(release.notes ? { notes: release.notes } : {}),
              security: release.security === true,
            },
          }
        : {}),
      ...(team
        ? {
            teamConfig: {
              ref: entityRefOf(team),
              title: team.metadata.title ?? team.metadata.name,
              skills: spec.skills ?? [],
              mcpServers: spec.mcpServers ?? [],
              ...(spec.permissions?.defaultMode
                ? { defaultMode: spec.permissions.defaultMode }
                : {}),
              ...(spec.modelRouting?.default
                ? { model: spec.modelRouting.default }
                : {}),
              rules: {
                allow: spec.permissions?.allow ?? [],
                ask: spec.permissions?.ask ?? [],
                deny: spec.permissions?.deny ?? [],
              },
            },
          }
        : {}),
      skills: choices.skills,
      mcpServers: choices.mcpServers,
      ...(owner
        ? { tools: agentToolsOfTeam(agentCatalog.repos ?? [], owner) }
        : {}),
      problems,
    });
  });

  router.post('/preview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const parsed = previewSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new InputError(
        parsed.error.issues
          .map(i => `${i.path.join('.') || 'request'} ${i.message}`)
          .join('; '),
      );
    }
    const { user, groups, agentCatalog } = await context(credentials);
    const request = parsed.data;
    const plan = planAgentContext({
      request,
      catalog: agentCatalog,
      ownerEntity: groupOf(
        groups,
        normalizeEntityRef(request.owner || '-', 'group'),
      ),
      user,
      platformTeam,
      now: clock.now(),
    });
    if (!plan.ok) {
      res.json({ ok: false, problems: plan.problems });
      return;
    }
    res.json({
      ok: true,
      problems: [],
      pin: plan.pin,
      files: plan.rendered.files,
      skills: plan.skills.map(s => s.metadata.name),
      mcpServers: plan.rendered.mcpServers,
      variables: plan.rendered.variables,
      tools: plan.rendered.tools,
      warnings: plan.warnings,
    });
  });

  return router;
}
