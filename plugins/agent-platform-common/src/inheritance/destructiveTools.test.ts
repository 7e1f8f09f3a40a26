import type { McpServerEntity, TeamAgentConfigSpec } from '../model';
import { resolveEffectiveConfig } from './resolveEffectiveConfig';
import {
  NOW,
  SERVERS,
  SKILLS,
  baseConfig,
  makeBase,
  makeTeam,
  release,
} from './__testUtils__/fixtures';

// github declares two destructive tools and a read tool.
const servers: McpServerEntity[] = SERVERS.map(s =>
  s.metadata.name === 'github'
    ? {
        ...s,
        spec: {
          ...s.spec,
          tools: [
            { name: 'search_code', access: 'read' },
            { name: 'delete_repository', access: 'destructive' },
            { name: 'merge_pull_request', access: 'destructive' },
          ],
        },
      }
    : s,
);

// The base (its 2.3.0 release) says "destructive tools ask" once.
const base = (destructiveTools?: 'ask' | 'allow', deny: string[] = []) =>
  makeBase([
    release('2.3.0', {
      config: {
        ...baseConfig(),
        permissions: {
          ...baseConfig().permissions,
          deny: [...(baseConfig().permissions?.deny ?? []), ...deny],
          ...(destructiveTools ? { destructiveTools } : {}),
        },
      },
    }),
  ]);

const resolve = (b = base('ask'), team: Partial<TeamAgentConfigSpec> = {}) =>
  resolveEffectiveConfig({
    base: b,
    team: makeTeam(team),
    mcpServers: servers,
    skills: SKILLS,
    now: NOW,
  });

const generated = (result: ReturnType<typeof resolve>) =>
  result.effective.permissions.ask
    .filter(r => r.destructiveTool)
    .map(r => `${r.rule} @${r.layer}`);

describe('destructiveTools: ask', () => {
  it("makes every destructive tool of the config's servers ask, recorded on the base", () => {
    const result = resolve();
    expect(generated(result)).toEqual([
      'mcp__github__delete_repository @base@2.3.0',
      'mcp__github__merge_pull_request @base@2.3.0',
    ]);
    expect(result.effective.permissions.destructiveTools).toEqual({
      value: 'ask',
      layer: 'base@2.3.0',
    });
    expect(result.ok).toBe(true);
  });

  it('adds nothing without the setting, or when the base says allow', () => {
    expect(generated(resolve(base()))).toEqual([]);
    expect(generated(resolve(base('allow')))).toEqual([]);
  });

  it('leaves tools a deny or ask rule already covers, and servers switched off', () => {
    expect(
      generated(resolve(base('ask', ['mcp__github__delete_repository']))),
    ).toEqual(['mcp__github__merge_pull_request @base@2.3.0']);
    expect(
      generated(
        resolve(base('ask'), {
          permissions: { allow: [], ask: ['mcp__github'], deny: [] },
        }),
      ),
    ).toEqual([]);
    expect(
      generated(
        resolve(base('ask'), {
          permissions: { allow: [], ask: [], deny: ['mcp__github'] },
        }),
      ),
    ).toEqual([]);
  });

  it('lets a layer say otherwise by allowing one tool by name, with a warning; a whole-server allow does not', () => {
    const named = resolve(base('ask'), {
      permissions: {
        allow: ['mcp__github__merge_pull_request'],
        ask: [],
        deny: [],
      },
    });
    expect(generated(named)).toEqual([
      'mcp__github__delete_repository @base@2.3.0',
    ]);
    expect(named.violations).toEqual([
      expect.objectContaining({
        rule: 'destructive-tool-allowed',
        severity: 'warning',
        layer: 'team:payments-agent-config',
        item: 'mcp__github__merge_pull_request',
      }),
    ]);
    expect(named.ok).toBe(true);
    const wholeServer = resolve(base('ask'), {
      permissions: { allow: ['mcp__github'], ask: [], deny: [] },
    });
    expect(generated(wholeServer)).toHaveLength(2);
  });

  it('refuses a team that turns it off', () => {
    const result = resolve(base('ask'), {
      permissions: { allow: [], ask: [], deny: [], destructiveTools: 'allow' },
    });
    expect(generated(result)).toEqual([]);
    expect(result.ok).toBe(false);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'destructive-tools-loosened',
        layer: 'team:payments-agent-config',
        conflictsWith: {
          item: 'permissions.destructiveTools: ask',
          layer: 'base@2.3.0',
        },
      }),
    ]);
  });

  it('lets a team turn it on under a base that does not', () => {
    const result = resolve(base(), {
      permissions: { allow: [], ask: [], deny: [], destructiveTools: 'ask' },
    });
    expect(generated(result)).toEqual([
      'mcp__github__delete_repository @team:payments-agent-config',
      'mcp__github__merge_pull_request @team:payments-agent-config',
    ]);
    expect(result.ok).toBe(true);
  });

  it('reports a value that is neither ask nor allow', () => {
    const result = resolve(base(), {
      permissions: {
        allow: [],
        ask: [],
        deny: [],
        destructiveTools: 'sometimes' as any,
      },
    });
    expect(result.violations.map(v => v.rule)).toEqual(['layer-invalid']);
  });
});
