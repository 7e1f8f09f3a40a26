import { mergeLayers } from './merge';
import { ConfigLayer, LayerContent } from './types';
import { SERVERS, SKILLS } from './__testUtils__/fixtures';

const content = (partial: Partial<LayerContent> = {}): LayerContent => ({
  skills: [],
  mcpServers: [],
  modelRouting: {},
  budget: {},
  ...partial,
  permissions: { allow: [], ask: [], deny: [], ...partial.permissions },
});

const layer = (
  id: string,
  level: ConfigLayer['level'],
  c: Partial<LayerContent>,
): ConfigLayer => ({
  id,
  level,
  content: content(c),
  exceptions: [],
});

describe('mergeLayers', () => {
  it('returns an empty config for no layers', () => {
    expect(mergeLayers([])).toEqual({
      layers: [],
      skills: [],
      mcpServers: [],
      permissions: { allow: [], ask: [], deny: [] },
      modelRouting: {},
      budget: {},
    });
  });

  it('normalizes refs and gives entries their catalog status', () => {
    const merged = mergeLayers(
      [
        layer('base@1.0.0', 'base', {
          skills: ['changelog', 'ghost'],
          mcpServers: ['GitHub', 'api:default/unreviewed'],
        }),
      ],
      { skills: SKILLS, mcpServers: SERVERS },
    );
    expect(merged.skills).toEqual([
      {
        ref: 'airesource:default/changelog',
        layer: 'base@1.0.0',
        alsoIn: [],
        status: 'deprecated',
        replacedBy: 'airesource:default/release-notes',
      },
      {
        ref: 'airesource:default/ghost',
        layer: 'base@1.0.0',
        alsoIn: [],
        status: 'unknown',
      },
    ]);
    expect(merged.mcpServers).toEqual([
      {
        ref: 'api:default/github',
        name: 'github',
        layer: 'base@1.0.0',
        alsoIn: [],
        allowlistStatus: 'approved',
        risk: 'medium',
      },
      {
        ref: 'api:default/unreviewed',
        name: 'unreviewed',
        layer: 'base@1.0.0',
        alsoIn: [],
        allowlistStatus: 'unknown',
        risk: 'medium',
      },
    ]);
  });

  it('takes scalars from the most specific layer that sets them', () => {
    const merged = mergeLayers([
      layer('base@1.0.0', 'base', {
        permissions: { defaultMode: 'default', allow: [], ask: [], deny: [] },
        budget: { monthlyUsdCap: 100 },
      }),
      layer('team:t', 'team', { budget: { monthlyUsd: 80 } }),
      layer('repo:r', 'repo', {
        permissions: { defaultMode: 'plan', allow: [], ask: [], deny: [] },
      }),
    ]);
    expect(merged.permissions.defaultMode).toEqual({
      value: 'plan',
      layer: 'repo:r',
    });
    expect(merged.budget).toEqual({
      monthlyUsdCap: { value: 100, layer: 'base@1.0.0' },
      monthlyUsd: { value: 80, layer: 'team:t' },
    });
  });
});
