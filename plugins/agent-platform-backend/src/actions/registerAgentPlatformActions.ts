import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { AgentConfigService } from '../services/AgentConfigService';
import { SpendQueryService } from '../spend/SpendQueryService';

/**
 * Registers the agent platform's actions in the actions registry, which the
 * portal's MCP actions endpoint serves to coding agents:
 * `get-effective-agent-config`, `get-approved-agent-assets` and
 * `get-team-spend`.
 *
 * @public
 */
export function registerAgentPlatformActions(options: {
  actionsRegistry: ActionsRegistryService;
  agentConfigs: AgentConfigService;
  spend?: SpendQueryService;
}) {
  const { actionsRegistry, agentConfigs, spend } = options;

  actionsRegistry.register({
    name: 'get-effective-agent-config',
    title: 'Effective agent config and drift',
    description:
      'Returns the effective coding-agent config of a catalog entity (a Component, a Group, or a team or repo agent config): skills, MCP servers, permission rules, model routing and budget, each with the layer it came from (base@<version>, team:<config>, repo:<config>); the federation violations (a layer loosening the org base); and how far its pinned org-base release is behind the latest.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity ref, e.g. component:default/payments-api or group:default/payments',
            ),
        }),
      output: z =>
        z.object({
          target: z.string(),
          ok: z.boolean().describe('False when any violation is an error'),
          configs: z.record(z.string()),
          pin: z.object({ ref: z.string(), source: z.string() }).optional(),
          release: z.record(z.unknown()).optional(),
          effective: z.record(z.unknown()),
          violations: z.array(
            z
              .object({
                rule: z.string(),
                severity: z.string(),
                layer: z.string(),
                item: z.string(),
                message: z.string(),
              })
              .passthrough(),
          ),
          excepted: z.array(z.record(z.unknown())),
          drift: z.record(z.unknown()).optional(),
        }),
    },
    examples: [
      {
        title: 'A repository',
        input: { entityRef: 'component:default/payments-api' },
      },
    ],
    action: async ({ input, credentials }) => {
      const resolution = await agentConfigs.resolveEntity(
        input.entityRef,
        credentials,
      );
      return {
        output: {
          ...resolution,
          configs: resolution.configs as Record<string, string>,
          violations: resolution.violations.map(v => ({ ...v })),
          effective: { ...resolution.effective },
          release: resolution.release ? { ...resolution.release } : undefined,
          drift: resolution.drift ? { ...resolution.drift } : undefined,
          excepted: resolution.excepted.map(e => ({ ...e })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-approved-agent-assets',
    title: 'Approved MCP servers and skills for a team',
    description:
      "Lists the MCP servers and skills a team's coding agents may use under its agent config: servers approved on the allowlist (or restricted, under an unexpired exception) and not switched off by a deny rule; skills that are not deprecated and whose evaluation is not failing. Also lists what the config names but may not be used, with the reason.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          team: z
            .string()
            .describe(
              'Group ref or name, e.g. group:default/payments or payments',
            ),
        }),
      output: z =>
        z.object({
          team: z.string(),
          config: z.string().optional(),
          mcpServers: z.array(
            z
              .object({
                ref: z.string(),
                name: z.string(),
                allowlistStatus: z.string(),
                layer: z.string(),
              })
              .passthrough(),
          ),
          skills: z.array(z.object({ ref: z.string(), layer: z.string() })),
          excluded: z.array(z.object({ ref: z.string(), reason: z.string() })),
        }),
    },
    examples: [{ title: 'The payments team', input: { team: 'payments' } }],
    action: async ({ input, credentials }) => {
      const assets = await agentConfigs.approvedForTeam(
        input.team,
        credentials,
      );
      return {
        output: {
          team: assets.team,
          ...(assets.config ? { config: assets.config } : {}),
          mcpServers: assets.mcpServers,
          skills: assets.skills,
          excluded: assets.excluded,
        },
      };
    },
  });

  if (spend) {
    registerTeamSpendAction(actionsRegistry, spend);
  }
}

function registerTeamSpendAction(
  actionsRegistry: ActionsRegistryService,
  spend: SpendQueryService,
) {
  actionsRegistry.register({
    name: 'get-team-spend',
    title: 'Coding-agent spend for a team',
    description:
      "Returns a team's coding-agent spend over a range of days (default: the last 30): cost in USD, tokens by type, sessions and pull requests, cost per pull request and per session, cache hit ratio, change against the previous period of the same length, the top models, skills, MCP servers, users and repositories by cost, and the team's monthly budget with the month-to-date spend, forecast and state (ok, at-risk, over). Readable by the team's members and the platform team.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          team: z
            .string()
            .describe(
              'Group ref or name, e.g. group:default/payments or payments',
            ),
          from: z
            .string()
            .optional()
            .describe('First day, YYYY-MM-DD (inclusive)'),
          to: z.string().optional().describe('Last day, YYYY-MM-DD (inclusive)'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          range: z.object({ from: z.string(), to: z.string() }),
          currency: z.literal('USD'),
          totals: z.record(z.unknown()),
          cacheHitRatio: z.number().nullable(),
          costPerPullRequest: z.number().nullable(),
          costPerSession: z.number().nullable(),
          previous: z.record(z.unknown()),
          byModel: z.array(z.record(z.unknown())),
          bySkill: z.array(z.record(z.unknown())),
          byMcpServer: z.array(z.record(z.unknown())),
          byUser: z.array(z.record(z.unknown())),
          byRepo: z.array(z.record(z.unknown())),
          budget: z.record(z.unknown()).nullable(),
        }),
    },
    examples: [
      {
        title: 'The payments team in November 2026',
        input: { team: 'payments', from: '2026-11-01', to: '2026-11-30' },
      },
    ],
    action: async ({ input, credentials }) => {
      const ref = spend.normalizeRef(
        input.team.includes(':') ? input.team : `group:${input.team}`,
      );
      const range = spend.range({ from: input.from, to: input.to });
      await spend.authorizeRead(ref, credentials, ref);
      const report = await spend.entityReport(ref, range, credentials);
      const { byDay: _days, ...rest } = report;
      return {
        output: {
          ...rest,
          totals: { ...rest.totals },
          previous: { ...rest.previous },
          byModel: rest.byModel.map(r => ({ ...r })),
          bySkill: rest.bySkill.map(r => ({ ...r })),
          byMcpServer: rest.byMcpServer.map(r => ({ ...r })),
          byUser: rest.byUser.map(r => ({ ...r })),
          byRepo: rest.byRepo.map(r => ({ ...r })),
          budget: rest.budget ? { ...rest.budget } : null,
        },
      };
    },
  });
}
