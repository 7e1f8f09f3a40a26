import { ANNOTATION_SOURCE_ISSUES } from '../../model/annotations';
import {
  isBaseAgentConfigEntity,
  validateAgentConfigEntity,
} from '../../model/AgentConfigEntity';
import { latestRelease, readReleases } from '../../inheritance/releases';
import { parseBaseFolder } from './baseFolder';
import { BASE_MANIFEST_FILE, groupBaseFolders } from './files';
import {
  ANNOTATIONS,
  errorsOf,
  file,
  MANIFEST,
  map,
  mapRelease,
  options,
  release,
  releaseMd,
  ruleLines,
} from './__testUtils__/baseFiles';

describe('parseBaseFolder', () => {
  it('maps a base folder to the org base entity of the entity model', () => {
    const { entity, issues } = map([
      file(BASE_MANIFEST_FILE, MANIFEST),
      ...release('2.4.0'),
    ]);
    expect(issues).toEqual([]);
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: {
        name: 'org-base',
        title: 'Org base agent config',
        description: 'What every coding agent at Acme starts from.',
        links: [
          {
            url: 'https://wiki.acme.example/org-base',
            title: 'Release process',
          },
        ],
        annotations: ANNOTATIONS,
      },
      spec: {
        type: 'agent-config',
        lifecycle: 'production',
        owner: 'group:default/platform',
        system: 'agent-platform',
        level: 'base',
        releases: [
          {
            version: '2.4.0',
            date: '2026-10-28',
            notes: 'Adds code review.',
            security: false,
            deprecated: false,
            withdrawn: false,
            config: {
              skills: [
                'airesource:default/code-review',
                'airesource:default/commit-message',
              ],
              mcpServers: ['api:default/github', 'api:default/jira'],
              permissions: {
                defaultMode: 'default',
                allow: ['Bash(npm run test *)'],
                ask: ['Bash(git push *)'],
                deny: ['Read(./.env)'],
              },
              modelRouting: {
                default: 'claude-sonnet-4-6',
                plan: 'claude-opus-4-8',
              },
              budget: { monthlyUsdCap: 5000 },
            },
          },
        ],
      },
    });
    expect(validateAgentConfigEntity(entity).success).toBe(true);
  });

  it('orders releases newest first by semver, not by folder name, and keeps flags and the whole notes', () => {
    const { entity, issues } = map([
      file(BASE_MANIFEST_FILE, MANIFEST),
      ...release('2.9.0'),
      ...release('2.10.0', {
        'RELEASE.md': releaseMd(
          'date: 2026-11-02\nwithdrawn: true\n',
          'Withdrawn.\n\nIt broke every `git push`.',
        ),
      }),
      ...release('1.0.0', {
        'RELEASE.md': releaseMd('date: 2026-01-01\ndeprecated: true\n'),
      }),
    ]);
    expect(errorsOf(issues)).toEqual([]);
    expect(isBaseAgentConfigEntity(entity)).toBe(true);
    const releases = entity!.spec.releases;
    expect(releases.map(r => r.version)).toEqual(['2.10.0', '2.9.0', '1.0.0']);
    expect(releases[0]).toMatchObject({
      withdrawn: true,
      security: false,
      notes: 'Withdrawn.\n\nIt broke every `git push`.',
    });
    expect(releases[2]).toMatchObject({ deprecated: true });
    // A withdrawn release is never the latest.
    expect(latestRelease(readReleases(entity!).releases)?.version).toBe(
      '2.9.0',
    );
  });

  it('reports release folders without an agent-base.yaml and makes no entity', () => {
    const result = map(release('2.4.0', {}, 'bases/org-base/'));
    expect(result.entity).toBeUndefined();
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'base-manifest-missing',
        file: 'bases/org-base/agent-base.yaml',
        line: undefined,
      },
    ]);
  });

  it('records the issues on the entity for the processor', () => {
    const { entity, issues } = mapRelease(
      ...release('2.4.0', { 'CLAUDE.md': null }),
    );
    expect(issues.length).toBeGreaterThan(0);
    expect(
      JSON.parse(entity!.metadata.annotations![ANNOTATION_SOURCE_ISSUES]),
    ).toEqual(issues);
  });

  it('reports a base name that cannot be pinned and falls back to the folder name', () => {
    const { entity, issues } = map([
      file(
        BASE_MANIFEST_FILE,
        MANIFEST.replace('name: org-base', 'name: Org_Base'),
      ),
      ...release('2.4.0'),
    ]);
    expect(ruleLines(issues)).toEqual([
      { rule: 'base-name-invalid', file: 'agent-base.yaml', line: 1 },
    ]);
    expect(entity?.metadata.name).toBe('agent-base');
  });

  it('makes no entity when neither the name nor the folder name can name one', () => {
    const [base] = groupBaseFolders([
      file(BASE_MANIFEST_FILE, 'title: No name\n'),
      ...release('2.4.0'),
    ]);
    const { entity, issues } = parseBaseFolder(base, {
      ...options,
      folderName: '___',
    });
    expect(entity).toBeUndefined();
    expect(issues.map(i => i.rule)).toEqual([
      'base-name-missing',
      'base-name-invalid',
    ]);
  });

  it('reports a base without releases and one without an owner', () => {
    const { entity, issues } = map([
      file(BASE_MANIFEST_FILE, 'name: org-base\n'),
    ]);
    expect(issues.map(i => [i.rule, i.severity])).toEqual([
      ['base-owner-missing', 'warning'],
      ['base-no-releases', 'error'],
    ]);
    expect(entity?.spec.owner).toBe(options.defaultOwner);
    expect(entity?.spec.releases).toEqual([]);
  });

  it('reports an agent-base.yaml that is not YAML, and a link without a url', () => {
    const broken = map([
      file(BASE_MANIFEST_FILE, 'name: org-base\ntitle: [Org base\n'),
      ...release('2.4.0'),
    ]);
    expect(broken.issues[0]).toMatchObject({
      rule: 'yaml-invalid',
      file: 'agent-base.yaml',
    });
    expect(broken.issues[0].line).toBeGreaterThanOrEqual(2);

    const link = map([
      file(
        BASE_MANIFEST_FILE,
        MANIFEST.replace(
          '  - url: https://wiki.acme.example/org-base',
          '  - href: https://wiki.acme.example/org-base',
        ),
      ),
      ...release('2.4.0'),
    ]);
    expect(ruleLines(link.issues)).toEqual([
      { rule: 'base-link-invalid', file: 'agent-base.yaml', line: 7 },
    ]);
    expect(link.entity?.metadata.links).toBeUndefined();
  });

  it('reports an agent-base.yaml that could not be read as text', () => {
    const unreadable = {
      file: 'agent-base.yaml',
      rule: 'file-binary',
      message: 'agent-base.yaml contains NUL bytes',
      severity: 'error' as const,
    };
    const { entity, issues } = map([
      { path: BASE_MANIFEST_FILE, issue: unreadable },
      ...release('2.4.0'),
    ]);
    expect(issues[0]).toEqual(unreadable);
    expect(issues.map(i => i.rule)).toContain('base-name-missing');
    expect(entity?.metadata.name).toBe('agent-base');
  });
});
