import { resolve, rules, TEAM, REPO } from './__testUtils__/resolve';
import { exception, makeRepo, makeTeam } from './__testUtils__/fixtures';

describe('resolveEffectiveConfig: exceptions', () => {
  const restrictedTeam = (until?: string) =>
    makeTeam({
      mcpServers: ['api:default/postgres-prod'],
      ...(until
        ? { exceptions: [exception('api:default/postgres-prod', until)] }
        : {}),
    });

  it('reports a restricted server without an exception', () => {
    const result = resolve({ team: restrictedTeam() });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'mcp-server-restricted',
        layer: TEAM,
        item: 'api:default/postgres-prod',
      }),
    ]);
  });

  it('turns a restricted server with an unexpired exception into a note', () => {
    const result = resolve({ team: restrictedTeam('2027-01-31') });
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.excepted).toEqual([
      expect.objectContaining({
        rule: 'mcp-server-restricted',
        item: 'api:default/postgres-prod',
        exception: {
          target: 'api:default/postgres-prod',
          reason: 'Approved for a migration.',
          approvedBy: 'user:default/dana.platform',
          until: '2027-01-31',
          layer: TEAM,
        },
      }),
    ]);
  });

  it('holds an exception through its last day', () => {
    const result = resolve({ team: restrictedTeam('2026-11-20') });
    expect(result.excepted).toHaveLength(1);
  });

  it('reports an expired exception as exception-expired', () => {
    const result = resolve({ team: restrictedTeam('2026-11-19') });
    expect(result.excepted).toEqual([]);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'exception-expired',
        excepts: 'mcp-server-restricted',
        item: 'api:default/postgres-prod',
        exception: expect.objectContaining({ until: '2026-11-19' }),
      }),
    ]);
  });

  it('matches server exceptions on the normalized ref', () => {
    const result = resolve({
      team: makeTeam({
        mcpServers: ['postgres-prod'],
        exceptions: [exception('API:default/Postgres-Prod', '2027-01-31')],
      }),
    });
    expect(result.violations).toEqual([]);
    expect(result.excepted).toHaveLength(1);
  });

  it('excepts a permission rule when the exception covers it', () => {
    const result = resolve({
      team: makeTeam({
        permissions: { allow: ['Bash(curl https://internal.example/*)'] },
        exceptions: [
          exception('Bash(curl https://internal.example/*)', '2027-01-31'),
        ],
      }),
    });
    expect(result.violations).toEqual([]);
    expect(result.excepted.map(e => e.rule)).toEqual(['deny-covered']);
  });

  it('does not except a rule broader than the exception target', () => {
    const result = resolve({
      team: makeTeam({
        permissions: { allow: ['Bash(curl *)'] },
        exceptions: [
          exception('Bash(curl https://internal.example/*)', '2027-01-31'),
        ],
      }),
    });
    expect(rules(result)).toEqual(['deny-overridden']);
  });

  it('never excepts a denied server', () => {
    const result = resolve({
      team: makeTeam({
        mcpServers: ['api:default/scraper'],
        exceptions: [exception('api:default/scraper', '2027-01-31')],
      }),
    });
    expect(rules(result)).toEqual(['mcp-server-denied']);
  });

  it("applies a team's exceptions to its repos but not a repo's to its team", () => {
    const teamHolds = resolve({
      team: makeTeam({
        exceptions: [exception('api:default/postgres-prod', '2027-01-31')],
      }),
      repo: makeRepo({ mcpServers: ['api:default/postgres-prod'] }),
    });
    expect(teamHolds.violations).toEqual([]);
    expect(teamHolds.excepted[0].layer).toBe(REPO);

    const repoHolds = resolve({
      team: makeTeam({ mcpServers: ['api:default/postgres-prod'] }),
      repo: makeRepo({
        exceptions: [exception('api:default/postgres-prod', '2027-01-31')],
      }),
    });
    expect(rules(repoHolds)).toEqual(['mcp-server-restricted']);
  });

  it('reports an exception whose until is not a date', () => {
    const result = resolve({
      team: makeTeam({
        mcpServers: ['api:default/postgres-prod'],
        exceptions: [exception('api:default/postgres-prod', '2027-02-31')],
      }),
    });
    expect(rules(result)).toEqual([
      'mcp-server-restricted',
      'exception-invalid',
    ]);
  });
});
