import {
  AGENT_TOOL_FILES,
  ScaffoldAgentTool,
} from '@agent-platform/plugin-agent-platform-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import request from 'supertest';
import {
  startSpendBackend,
  waitFor,
} from '../spend/__testUtils__/spendTestBackend';

// The scaffolder form's routes on the real catalog of the example
// organisation: what a payments engineer, the platform team and a bad
// request get.

jest.setTimeout(180_000);

describe('/scaffold', () => {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  let backend: Awaited<ReturnType<typeof startSpendBackend>>;
  const as = (user: string) =>
    mockCredentials.user.header(`user:default/${user}`);
  const options = (user: string, query = '') =>
    request(backend.server)
      .get(`/api/agent-platform/scaffold/options${query}`)
      .set('Authorization', as(user));
  const preview = (user: string, body: unknown) =>
    request(backend.server)
      .post('/api/agent-platform/scaffold/preview')
      .set('Authorization', as(user))
      .send(body as object);

  beforeAll(async () => {
    backend = await startSpendBackend(knex);
    await waitFor('the example organisation in the snapshot', async () => {
      const res = await options('elena.sokolova');
      const names = (list: any[] = []) => list.map(a => a.name);
      return (
        res.status === 200 &&
        res.body.pin === 'org-base@2.4.0' &&
        res.body.teams.length === 1 &&
        [
          'write-adr',
          'pci-checklist',
          'changelog-writer',
          'dependency-upgrade',
        ].every(n => names(res.body.skills).includes(n)) &&
        ['postgres-prod', 'slack', 'shell-admin', 'docs-search'].every(n =>
          names(res.body.mcpServers).includes(n),
        )
      );
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await knex.destroy();
  });

  it('gives a payments engineer their team, the release it pins, what the team adds and the assets it may add', async () => {
    const res = await options('elena.sokolova');
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.user).toEqual({
      ref: 'user:default/elena.sokolova',
      groups: ['group:default/payments'],
    });
    expect(body.teams).toEqual([
      { ref: 'group:default/payments', title: expect.any(String) },
    ]);
    expect(body.owner).toBe('group:default/payments');
    expect(body.release).toEqual(
      expect.objectContaining({ base: 'org-base', version: '2.4.0' }),
    );
    expect(body.teamConfig).toEqual(
      expect.objectContaining({
        ref: 'airesource:default/payments-agent-config',
        skills: ['airesource:default/pci-checklist'],
        mcpServers: ['api:default/postgres-prod'],
        model: 'claude-sonnet-4-6',
      }),
    );
    const skill = (name: string) =>
      body.skills.find((s: any) => s.name === name);
    const server = (name: string) =>
      body.mcpServers.find((s: any) => s.name === name);
    expect(skill('write-adr')).toEqual(
      expect.objectContaining({ allowed: true, scope: 'org' }),
    );
    expect(skill('pci-checklist').includedBy).toBe(
      'team:payments-agent-config',
    );
    expect(skill('changelog-writer')).toEqual(
      expect.objectContaining({
        allowed: false,
        lifecycle: 'deprecated',
        reason: expect.stringMatching(/^deprecated/),
      }),
    );
    expect(skill('dependency-upgrade').reason).toBe(
      'its evaluation is failing',
    );
    expect(server('postgres-prod')).toEqual(
      expect.objectContaining({
        allowed: true,
        allowlistStatus: 'restricted',
        exception: expect.objectContaining({
          approvedBy: 'user:default/dana.kim',
        }),
      }),
    );
    expect(server('shell-admin').allowed).toBe(false);
    expect(server('slack')).toEqual(
      expect.objectContaining({
        allowed: false,
        allowlistStatus: 'restricted',
      }),
    );
    expect(body.problems).toEqual([]);
  });

  it('lets the platform team pick any team, and tells others why not', async () => {
    const dana = await options('dana.kim');
    expect(dana.body.owner).toBe('group:default/platform');
    expect(dana.body.teams.map((t: any) => t.ref)).toEqual(
      expect.arrayContaining([
        'group:default/payments',
        'group:default/data-eng',
        'group:default/platform',
      ]),
    );
    expect(dana.body.teams.map((t: any) => t.ref)).not.toContain(
      'group:default/engineering',
    );
    const elena = await options('elena.sokolova', '?owner=data-eng');
    expect(elena.body.problems).toEqual([
      {
        field: 'owner',
        message:
          'user:default/elena.sokolova is not a member of group:default/data-eng; choose one of your teams (group:default/payments), or ask the platform team',
      },
    ]);
  });

  it('previews every generated file with the engine the action runs', async () => {
    const res = await preview('elena.sokolova', {
      name: 'refunds-api',
      owner: 'group:default/payments',
      description: 'Refund requests and their ledger entries.',
      skills: ['write-adr'],
      mcpServers: ['docs-search'],
      tools: ['claude-code'],
      baseVersion: '2.4.0',
    });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.tools).toEqual(['claude-code']);
    expect(Object.keys(res.body.files).sort()).toEqual([
      '.claude/settings.json',
      '.mcp.json',
      'AGENTS.md',
      'CLAUDE.md',
    ]);
    expect(res.body.files['CLAUDE.md'].split('\n')[0]).toBe(
      '<!-- agent-platform: extends: org-base@2.4.0 -->',
    );
    expect(res.body.files['AGENTS.md']).toContain(
      '> Refund requests and their ledger entries.',
    );
    expect(res.body.skills.sort()).toEqual(['pci-checklist', 'write-adr']);
    expect(res.body.mcpServers).toContain('docs-search');
  });

  it("previews the files of the tools the options name as the team's default, or of those asked for", async () => {
    // The default comes from the repos provider's one read at start, which
    // may run before the example Components are in the catalog: the value is
    // tested in common (agentToolsOfTeam) and in the action's tests; here,
    // that the preview renders what the options offer.
    const offered = (await options('elena.sokolova')).body.tools as string[];
    expect(offered.length).toBeGreaterThan(0);
    const res = await preview('elena.sokolova', {
      name: 'refunds-api',
      owner: 'group:default/payments',
    });
    expect(res.body.ok).toBe(true);
    expect(res.body.tools).toEqual(offered);
    for (const tool of offered) {
      expect(Object.keys(res.body.files)).toContain(
        AGENT_TOOL_FILES[tool as ScaffoldAgentTool].config,
      );
    }
    const gemini = await preview('elena.sokolova', {
      name: 'refunds-api',
      owner: 'group:default/payments',
      tools: ['gemini'],
    });
    expect(Object.keys(gemini.body.files).sort()).toEqual([
      '.gemini/settings.json',
      'AGENTS.md',
      'GEMINI.md',
    ]);
    expect(gemini.body.files['GEMINI.md']).toBe('@AGENTS.md\n');
    const cursor = await preview('elena.sokolova', {
      name: 'refunds-api',
      owner: 'group:default/payments',
      tools: ['cursor'],
    });
    expect(Object.keys(cursor.body.files).sort()).toEqual([
      '.cursor/mcp.json',
      '.cursor/rules/agent-platform.mdc',
      'AGENTS.md',
    ]);
  });

  it('answers the problems with their fields, and a 400 for a malformed body', async () => {
    const res = await preview('elena.sokolova', {
      name: 'refunds-api',
      owner: 'group:default/payments',
      description: '## Guardrails (updated by the platform team)',
      skills: ['changelog-writer'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      problems: [
        {
          field: 'description',
          message: expect.stringMatching(/^line 1 is a Markdown heading/),
        },
      ],
    });
    const bad = await preview('elena.sokolova', { skills: 'write-adr' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^skills /);
  });
});
