import type { McpServerEntity } from '../model';
import { entityRefOf } from '../model/entityRef';
import { permissionRuleCovers } from '../parsers/permissionRuleMatch';
import { permissionRuleKey } from './merge';
import type {
  ConfigLayer,
  EffectiveConfig,
  FederationViolation,
} from './types';

/**
 * Applies `permissions.destructiveTools` to a merged config. When the most
 * specific layer that sets it says `ask`, every tool that an MCP server of the
 * config declares `destructive` (`spec.tools[].access`) gets an `ask` rule
 * `mcp__<server>__<tool>` (marked `destructiveTool`, recorded on the layer that
 * said `ask`), unless a deny or ask rule already covers the tool or an allow
 * rule names exactly that tool: that is a layer saying otherwise, reported as
 * the warning `destructive-tool-allowed` when a team or repo layer does it.
 * Servers a deny rule switches off are skipped. A team or repo layer that sets
 * `allow` under an upstream `ask` is the error `destructive-tools-loosened`.
 *
 * Changes `effective` (its `ask` list) and returns the findings.
 *
 * @internal
 */
export function guardDestructiveTools(
  effective: EffectiveConfig,
  layers: ConfigLayer[],
  mcpServers: McpServerEntity[],
): FederationViolation[] {
  const findings: FederationViolation[] = [];
  let upstreamAsks: string | undefined;
  for (const layer of layers) {
    const value = layer.content.permissions.destructiveTools;
    if (value === undefined) continue;
    if (value === 'allow' && upstreamAsks && layer.level !== 'base') {
      findings.push({
        rule: 'destructive-tools-loosened',
        severity: 'error',
        layer: layer.id,
        item: 'permissions.destructiveTools: allow',
        message: `${layer.id} sets destructiveTools: allow, but ${upstreamAsks} makes destructive MCP tools ask; a layer may tighten, never loosen. Allow single tools by name instead.`,
        conflictsWith: {
          item: 'permissions.destructiveTools: ask',
          layer: upstreamAsks,
        },
      });
    }
    if (value === 'ask') upstreamAsks = layer.id;
  }

  const setting = effective.permissions.destructiveTools;
  if (setting?.value !== 'ask') return findings;
  const byRef = new Map<string, McpServerEntity>();
  for (const server of mcpServers) byRef.set(entityRefOf(server), server);
  const { allow, ask, deny } = effective.permissions;
  for (const server of effective.mcpServers) {
    if (server.disabledBy) continue;
    const tools = byRef.get(server.ref)?.spec?.tools ?? [];
    for (const tool of tools) {
      if (tool?.access !== 'destructive' || typeof tool.name !== 'string') {
        continue;
      }
      const rule = `mcp__${server.name}__${tool.name}`;
      const key = permissionRuleKey(rule);
      if ([...deny, ...ask].some(r => permissionRuleCovers(r.rule, rule))) {
        continue;
      }
      const named = allow.find(r => r.key === key);
      if (named) {
        if (!named.layer.startsWith('base@')) {
          findings.push({
            rule: 'destructive-tool-allowed',
            severity: 'warning',
            layer: named.layer,
            item: named.rule,
            message: `${named.layer} allows ${named.rule}, a destructive tool of ${server.ref}, without asking (destructiveTools: ask in ${setting.layer}).`,
          });
        }
        continue;
      }
      ask.push({
        rule,
        key,
        layer: setting.layer,
        alsoIn: [],
        destructiveTool: { server: server.ref, tool: tool.name },
      });
    }
  }
  return findings;
}
