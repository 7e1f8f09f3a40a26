import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { examplesRoot } from './exampleCatalog';

// Expected values derived by hand from examples/catalog/agent-configs.yaml, the
// org base's release files and the engine's rules (src/inheritance/README.md of
// the common package), not recorded from the output. Shared by the plugin's
// tests on the example organisation (plugin.*.test.ts).

/** The ref of a team's agent config. */
export const cfg = (team: string) => `airesource:default/${team}-agent-config`;

/** The team configs of the example organisation. */
export const teamConfigs = [
  'checkout',
  'data-eng',
  'identity',
  'mobile',
  'payments',
  'platform',
  'search',
].map(cfg);

/** The warning of a team whose base still lists the deprecated changelog-writer. */
export const changelogWriter = {
  rule: 'skill-deprecated',
  severity: 'warning',
  item: 'airesource:default/changelog-writer',
};

/**
 * One org-base release as its files state it (examples/org-base/releases/<version>): the
 * permission rules of .claude/settings.json, the servers of .mcp.json, and the skills,
 * model routing and budget cap of RELEASE.md's frontmatter (read line by line here, not
 * through the catalog module's parser).
 */
export function baseRelease(version: string) {
  const folder = resolve(examplesRoot, 'org-base', 'releases', version);
  const settings = JSON.parse(
    readFileSync(resolve(folder, '.claude', 'settings.json'), 'utf8'),
  );
  const mcp = JSON.parse(readFileSync(resolve(folder, '.mcp.json'), 'utf8'));
  const frontmatter = readFileSync(resolve(folder, 'RELEASE.md'), 'utf8')
    .split('---')[1]
    .split('\n');
  const block = (key: string) => {
    const start = frontmatter.indexOf(`${key}:`);
    const lines: string[] = [];
    for (const line of frontmatter.slice(start + 1)) {
      if (!line.startsWith('  ')) break;
      lines.push(line.trim());
    }
    return start < 0 ? [] : lines;
  };
  return {
    permissions: settings.permissions as {
      defaultMode: string;
      allow: string[];
      ask: string[];
      deny: string[];
    },
    mcpServers: Object.keys(mcp.mcpServers),
    skills: block('skills').map(line => line.replace(/^- /, '')),
    modelRouting: Object.fromEntries(
      block('modelRouting').map(line => line.split(': ')),
    ),
    monthlyUsdCap: Number(block('budget')[0]?.split(': ')[1]),
  };
}

/** What each team config of examples/catalog/agent-configs.yaml adds to its base release. */
export const teamLayers: Record<
  string,
  {
    release: string;
    skills: string[];
    mcpServers: string[];
    allow: string[];
    ask: string[];
    deny: string[];
    defaultMode?: string;
    modelRouting: Record<string, string>;
    monthlyUsd: number;
  }
> = {
  platform: {
    release: '2.4.0',
    skills: [],
    mcpServers: [],
    allow: [],
    ask: [
      'Bash(helm upgrade *)',
      'Bash(helm rollback *)',
      'Bash(aws * --profile prod *)',
    ],
    deny: ['Bash(terraform destroy *)', 'Bash(kubectl delete namespace *)'],
    modelRouting: {},
    monthlyUsd: 3000,
  },
  payments: {
    release: '2.4.0',
    skills: ['pci-checklist'],
    mcpServers: ['postgres-prod'],
    allow: [],
    ask: [
      'mcp__postgres-prod__query',
      'mcp__postgres-prod__explain_query',
      'Bash(make migrate *)',
    ],
    deny: [
      'mcp__postgres-prod__execute_sql',
      'mcp__postgres-prod__drop_table',
      'mcp__postgres-prod__truncate_table',
      'Bash(psql *)',
      'Read(./test/fixtures/pan/**)',
    ],
    defaultMode: 'default',
    modelRouting: { default: 'claude-sonnet-4-6' },
    monthlyUsd: 4000,
  },
  checkout: {
    release: '2.3.0',
    skills: [],
    mcpServers: [],
    allow: ['Read(./.env)'],
    ask: ['Bash(npm run deploy:preview *)', 'Bash(stripe trigger *)'],
    deny: ['Bash(npm run deploy:prod *)', 'Bash(stripe * --live *)'],
    modelRouting: {},
    monthlyUsd: 2500,
  },
  search: {
    release: '2.2.0',
    skills: ['relevance-tuning'],
    mcpServers: [],
    allow: [],
    ask: ['Bash(./scripts/reindex.sh *)', 'Bash(python scripts/ndcg.py *)'],
    deny: ['Bash(curl -X DELETE *)', 'Bash(curl -XDELETE *)'],
    modelRouting: { background: 'claude-haiku-4-5' },
    monthlyUsd: 2000,
  },
  'data-eng': {
    release: '2.1.0',
    skills: ['dbt-model-review'],
    mcpServers: ['snowflake'],
    allow: [],
    ask: [
      'Bash(dbt run *)',
      'Bash(dbt build *)',
      'mcp__snowflake__run_snowflake_query',
    ],
    deny: ['Bash(dbt run --full-refresh *)', 'Read(~/.dbt/profiles.yml)'],
    modelRouting: {},
    monthlyUsd: 3000,
  },
  mobile: {
    release: '1.8.0',
    skills: ['app-store-release'],
    mcpServers: [],
    allow: [],
    ask: ['Bash(bundle exec fastlane:*)', 'Bash(pod install:*)'],
    deny: [
      'Read(./ios/certs/**)',
      'Read(./android/keystore/**)',
      'Bash(bundle exec fastlane ios release:*)',
      'Bash(bundle exec fastlane android production:*)',
    ],
    modelRouting: {},
    monthlyUsd: 1500,
  },
  identity: {
    release: '2.4.0',
    skills: [],
    mcpServers: [],
    allow: [],
    ask: ['Bash(vault *)'],
    deny: [
      'Read(./keys/**)',
      'Read(./**/*.pem)',
      'Bash(vault kv put *)',
      'Bash(vault kv delete *)',
    ],
    defaultMode: 'plan',
    modelRouting: { default: 'claude-sonnet-4-6' },
    monthlyUsd: 2000,
  },
};

export const serverStatus: Record<string, string> = {
  github: 'approved',
  jira: 'approved',
  sentry: 'approved',
  'docs-search': 'approved',
  'postgres-prod': 'restricted',
  snowflake: 'restricted',
};

/**
 * The expected effective config of a team: its base release, then its team layer, each
 * entry with the layer it came from (no team rule repeats a base rule in the example).
 */
export function expectedEffective(team: string) {
  const layer = teamLayers[team];
  const base = baseRelease(layer.release);
  const baseId = `base@${layer.release}`;
  const teamId = `team:${team}-agent-config`;
  const rules = (list: 'allow' | 'ask' | 'deny') => [
    ...base.permissions[list].map(rule => [rule, baseId]),
    ...layer[list].map(rule => [rule, teamId]),
  ];
  const sourced = (values: Record<string, string>, id: string) =>
    Object.fromEntries(
      Object.entries(values).map(([k, value]) => [k, { value, layer: id }]),
    );
  return {
    layers: [baseId, teamId],
    skills: [
      ...base.skills.map(name => [name, baseId]),
      ...layer.skills.map(name => [name, teamId]),
    ].map(([name, id]) => [
      `airesource:default/${name}`,
      id,
      name === 'changelog-writer' ? 'deprecated' : 'active',
    ]),
    mcpServers: [
      ...base.mcpServers.map(name => [name, baseId]),
      ...layer.mcpServers.map(name => [name, teamId]),
    ].map(([name, id]) => [name, id, serverStatus[name]]),
    allow: rules('allow'),
    ask: rules('ask'),
    deny: rules('deny'),
    defaultMode: layer.defaultMode
      ? { value: layer.defaultMode, layer: teamId }
      : { value: base.permissions.defaultMode, layer: baseId },
    modelRouting: {
      ...sourced(base.modelRouting, baseId),
      ...sourced(layer.modelRouting, teamId),
    },
    budget: {
      monthlyUsdCap: { value: base.monthlyUsdCap, layer: baseId },
      monthlyUsd: { value: layer.monthlyUsd, layer: teamId },
    },
  };
}
