import type { BaseAgentConfigEntity } from '../model';
import { marketplaceEntitiesOf } from './marketplaceEntities';

const base = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name: 'org-base', title: 'Org base' },
  spec: {
    type: 'agent-config',
    level: 'base',
    lifecycle: 'production',
    owner: 'group:default/platform',
    system: 'agent-platform',
    releases: [
      {
        version: '2.4.0',
        config: {
          skills: ['airesource:default/code-review'],
          subagents: ['airesource:default/security-reviewer'],
        },
      },
      { version: '2.3.0', deprecated: true, config: {} },
      { version: '2.2.0', withdrawn: true, config: {} },
    ],
  },
} as unknown as BaseAgentConfigEntity;

describe('marketplaceEntitiesOf', () => {
  it('writes one plugin per usable release and the marketplace holding them', () => {
    const [marketplace, ...plugins] = marketplaceEntitiesOf(base, {
      'backstage.io/managed-by-location': 'file:/x/agent-base.yaml',
    });
    expect(marketplace.metadata.name).toBe('org-base-marketplace');
    expect(marketplace.spec).toEqual({
      type: 'marketplace',
      lifecycle: 'production',
      owner: 'group:default/platform',
      system: 'agent-platform',
      plugins: [
        'airesource:default/org-base-plugin-2.3.0',
        'airesource:default/org-base-plugin-2.4.0',
      ],
      version: '2.4.0',
    });
    expect(plugins.map(p => [p.metadata.name, p.spec])).toEqual([
      [
        'org-base-plugin-2.3.0',
        {
          type: 'plugin',
          lifecycle: 'deprecated',
          owner: 'group:default/platform',
          system: 'agent-platform',
          skills: [],
          version: '2.3.0',
          base: 'airesource:default/org-base',
        },
      ],
      [
        'org-base-plugin-2.4.0',
        {
          type: 'plugin',
          lifecycle: 'production',
          owner: 'group:default/platform',
          system: 'agent-platform',
          skills: ['airesource:default/code-review'],
          subagents: ['airesource:default/security-reviewer'],
          version: '2.4.0',
          base: 'airesource:default/org-base',
        },
      ],
    ]);
    expect(plugins[1].metadata.annotations).toEqual({
      'backstage.io/managed-by-location': 'file:/x/agent-base.yaml',
    });
  });

  it('writes nothing for a base without a usable release', () => {
    expect(
      marketplaceEntitiesOf({
        ...base,
        spec: { ...base.spec, releases: [] },
      } as BaseAgentConfigEntity),
    ).toEqual([]);
  });
});
