import {
  isAgentConfigEntity,
  isBaseAgentConfigEntity,
  isRepoAgentConfigEntity,
  isTeamAgentConfigEntity,
  validateAgentConfigEntity,
} from './AgentConfigEntity';

const base = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name: 'org-base', title: 'Org base agent config' },
  spec: {
    type: 'agent-config',
    lifecycle: 'production',
    owner: 'group:default/platform',
    level: 'base',
    releases: [
      {
        version: '2.4.0',
        date: '2026-10-28',
        notes: 'Adds the incident-triage skill; routes plan mode to Opus.',
        security: false,
        deprecated: false,
        withdrawn: false,
        config: {
          skills: ['airesource:default/code-review'],
          mcpServers: ['api:default/github'],
          permissions: {
            defaultMode: 'default',
            allow: ['Bash(npm run test *)'],
            ask: ['Bash(git push *)'],
            deny: ['Read(./.env)', 'Read(./secrets/**)'],
          },
          modelRouting: {
            default: 'claude-sonnet-4-6',
            plan: 'claude-opus-4-8',
            background: 'claude-haiku-4-5',
          },
          budget: { monthlyUsdCap: 5000 },
        },
      },
    ],
  },
};

const team = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name: 'payments-agent-config' },
  spec: {
    type: 'agent-config',
    lifecycle: 'production',
    owner: 'group:default/payments',
    level: 'team',
    extends: 'org-base@2.3.0',
    skills: ['airesource:default/pci-checklist'],
    mcpServers: ['api:default/postgres-prod'],
    permissions: {
      defaultMode: 'acceptEdits',
      allow: [],
      ask: ['Bash(terraform apply *)'],
      deny: ['Bash(rm -rf *)'],
    },
    modelRouting: { default: 'claude-sonnet-4-6' },
    budget: { monthlyUsd: 4000 },
    exceptions: [
      {
        target: 'api:default/postgres-prod',
        reason: 'Read replicas for reconciliation jobs.',
        approvedBy: 'user:default/dana.platform',
        until: '2027-01-31',
      },
    ],
  },
};

const repo = {
  ...team,
  metadata: { name: 'checkout-api-agent-config' },
  spec: {
    type: 'agent-config',
    lifecycle: 'production',
    owner: 'group:default/payments',
    level: 'repo',
    component: 'component:default/checkout-api',
    permissions: { deny: ['Bash(curl *)'] },
  },
};

describe('AgentConfigEntity', () => {
  it('accepts the documented base, team and repo configs', () => {
    expect(validateAgentConfigEntity(base).success).toBe(true);
    expect(validateAgentConfigEntity(team).success).toBe(true);
    expect(validateAgentConfigEntity(repo).success).toBe(true);
  });

  it('narrows by level', () => {
    expect(isAgentConfigEntity(base)).toBe(true);
    expect(isBaseAgentConfigEntity(base)).toBe(true);
    expect(isTeamAgentConfigEntity(base)).toBe(false);
    expect(isTeamAgentConfigEntity(team)).toBe(true);
    expect(isRepoAgentConfigEntity(repo)).toBe(true);
    expect(
      isAgentConfigEntity({ kind: 'AiResource', spec: { type: 'skill' } }),
    ).toBe(false);
  });

  it('requires extends on team configs and validates its grammar', () => {
    const { extends: _pin, ...noPin } = team.spec;
    const missing = validateAgentConfigEntity({ ...team, spec: noPin });
    expect(!missing.success && missing.issues[0].path).toBe('spec.extends');
    for (const pin of [
      'org-base@v2.3.0',
      'org-base@^2.3.0',
      'Org_Base@2.3.0',
      '2.3.0',
    ]) {
      const result = validateAgentConfigEntity({
        ...team,
        spec: { ...team.spec, extends: pin },
      });
      expect(result.success).toBe(false);
    }
  });

  it('rejects an unknown level, an unknown mode and a negative budget', () => {
    expect(
      validateAgentConfigEntity({
        ...team,
        spec: { ...team.spec, level: 'org' },
      }).success,
    ).toBe(false);
    const result = validateAgentConfigEntity({
      ...team,
      spec: {
        ...team.spec,
        permissions: { defaultMode: 'yolo' },
        budget: { monthlyUsd: -1 },
      },
    });
    expect(!result.success && result.issues.map(i => i.path).sort()).toEqual([
      'spec.budget.monthlyUsd',
      'spec.permissions.defaultMode',
    ]);
  });

  it('rejects duplicate releases and a component outside repo level', () => {
    const release = base.spec.releases[0];
    const dup = validateAgentConfigEntity({
      ...base,
      spec: { ...base.spec, releases: [release, release] },
    });
    expect(!dup.success && dup.issues[0]).toEqual({
      path: 'spec.releases.1.version',
      message: 'duplicate release 2.4.0',
    });
    const comp = validateAgentConfigEntity({
      ...team,
      spec: { ...team.spec, component: 'component:default/x' },
    });
    expect(!comp.success && comp.issues[0].path).toBe('spec.component');
  });

  it('accepts what a repository really says in observed, and checks its shape', () => {
    const observed = {
      files: ['CLAUDE.md', 'AGENTS.md', '.mcp.json'],
      pin: { file: 'AGENTS.md', line: 1, base: 'org-base', version: '2.2.0' },
      mcpServers: [
        {
          name: 'github',
          type: 'http',
          url: 'https://api.githubcopilot.com/mcp/',
          entityRef: 'api:default/github',
        },
        { name: 'local', type: 'stdio', command: 'npx', entityRef: null },
      ],
    };
    expect(
      validateAgentConfigEntity({ ...repo, spec: { ...repo.spec, observed } })
        .success,
    ).toBe(true);
    const result = validateAgentConfigEntity({
      ...repo,
      spec: {
        ...repo.spec,
        observed: {
          ...observed,
          pin: { ...observed.pin, version: '^2.2.0' },
          mcpServers: [{ name: 'x', type: 'stdio' }],
        },
      },
    });
    expect(!result.success && result.issues.map(i => i.path).sort()).toEqual([
      'spec.observed.mcpServers.0.entityRef',
      'spec.observed.pin.version',
    ]);
  });

  it('rejects an exception without an until date', () => {
    const result = validateAgentConfigEntity({
      ...team,
      spec: {
        ...team.spec,
        exceptions: [{ ...team.spec.exceptions[0], until: 'next year' }],
      },
    });
    expect(!result.success && result.issues[0].path).toBe(
      'spec.exceptions.0.until',
    );
  });
});
