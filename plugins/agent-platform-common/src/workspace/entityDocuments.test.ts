import {
  parseEntityDocuments,
  sortAgentPlatformEntities,
} from './entityDocuments';
import { exampleServers, skill } from './__testUtils__/exampleOrg';

describe('parseEntityDocuments', () => {
  it('reads a YAML stream of entities', () => {
    const text = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Group',
      'metadata: { name: payments }',
      '---',
      'kind: AiResource',
      'metadata: { name: org-base }',
      'spec: { type: agent-config, level: base }',
    ].join('\n');
    const result = parseEntityDocuments(text, { file: 'x.yaml' });
    expect(result.issues).toEqual([]);
    expect(result.entities.map(e => e.metadata.name)).toEqual([
      'payments',
      'org-base',
    ]);
  });

  it('reads a JSON entity, a JSON array and a catalog page', () => {
    const entity = { kind: 'API', metadata: { name: 'github' } };
    for (const text of [
      JSON.stringify(entity),
      JSON.stringify([entity]),
      JSON.stringify({ items: [entity] }),
    ]) {
      expect(parseEntityDocuments(text, { file: 'x.json' }).entities).toEqual([
        entity,
      ]);
    }
  });

  it('reports syntax errors with a line and documents that are not entities', () => {
    const broken = parseEntityDocuments('kind: API\nmetadata: [\n', {
      file: 'x.yaml',
    });
    expect(broken.entities).toEqual([]);
    expect(broken.issues[0]).toEqual(
      expect.objectContaining({ rule: 'entity-yaml-syntax', file: 'x.yaml' }),
    );
    expect(broken.issues[0].line).toBeGreaterThanOrEqual(2);

    const notEntity = parseEntityDocuments('kind: API\n---\n', {
      file: 'x.yaml',
    });
    expect(notEntity.issues).toEqual([
      expect.objectContaining({
        rule: 'entity-invalid',
        message: expect.stringContaining('document 1'),
      }),
    ]);
  });
});

describe('sortAgentPlatformEntities', () => {
  it('sorts by discriminators and drops the rest', () => {
    const config = (name: string, level: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name },
      spec: { type: 'agent-config', level },
    });
    const sorted = sortAgentPlatformEntities([
      config('org-base', 'base'),
      config('payments-agent-config', 'team'),
      config('x-repo-config', 'repo'),
      ...exampleServers().slice(0, 2),
      skill('code-review'),
      { kind: 'Group', metadata: { name: 'payments' } },
    ]);
    expect(sorted.bases.map(e => e.metadata.name)).toEqual(['org-base']);
    expect(sorted.teams.map(e => e.metadata.name)).toEqual([
      'payments-agent-config',
    ]);
    expect(sorted.mcpServers.map(e => e.metadata.name)).toEqual([
      'github',
      'jira',
    ]);
    expect(sorted.skills.map(e => e.metadata.name)).toEqual(['code-review']);
  });
});
