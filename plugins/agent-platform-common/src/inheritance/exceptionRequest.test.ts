import { checkExceptionRequest } from './exceptionRequest';

const context = {
  teams: new Set(['group:default/payments']),
  mcpServers: new Set(['api:default/postgres-prod']),
  maxDays: 90,
  now: new Date('2026-12-06T10:00:00Z'),
};

const ok = {
  team: 'Group:default/Payments',
  target: 'Read(./.env)',
  reason: 'Local secrets for the migration.',
  until: '2027-01-31',
};

const problems = (input: Partial<typeof ok> & { since?: string }) =>
  checkExceptionRequest({ ...ok, ...input }, context).problems;

describe('checkExceptionRequest', () => {
  it('accepts a good request and normalizes it, starting today by default', () => {
    const { problems: none, request } = checkExceptionRequest(ok, context);
    expect(none).toEqual([]);
    expect(request).toEqual({
      team: 'group:default/payments',
      target: 'Read(./.env)',
      reason: 'Local secrets for the migration.',
      since: '2026-12-06',
      until: '2027-01-31',
    });
    expect(problems({ target: 'API:default/Postgres-Prod' })).toEqual([]);
  });

  it('names the field and the problem', () => {
    expect(problems({ team: 'group:default/nobody' })).toEqual([
      {
        field: 'team',
        message:
          'group:default/nobody does not exist or owns no team agent config',
      },
    ]);
    expect(problems({ team: 'user:default/dana' })[0].field).toBe('team');
    expect(problems({ target: 'api:default/unknown' })).toEqual([
      {
        field: 'target',
        message: 'api:default/unknown is not a known MCP server',
      },
    ]);
    expect(problems({ target: 'Read(./.env' })[0]).toEqual(
      expect.objectContaining({
        field: 'target',
        message: expect.stringMatching(
          /^"Read\(\.\/\.env" is neither a permission rule/,
        ),
      }),
    );
    expect(problems({ reason: '  ' })).toEqual([
      { field: 'reason', message: 'must say why' },
    ]);
  });

  it('checks the dates: real, in order, not past, within the maximum', () => {
    expect(problems({ since: '2027-02-01' })).toEqual([
      { field: 'until', message: '2027-01-31 is before the start, 2027-02-01' },
    ]);
    expect(problems({ until: '2027-03-06' })).toEqual([
      {
        field: 'until',
        message:
          '2027-03-06 is 91 days from 2026-12-06; at most 90 days are allowed',
      },
    ]);
    expect(problems({ until: '2027-03-05' })).toEqual([]);
    expect(problems({ since: '2026-12-01' })).toEqual([
      {
        field: 'since',
        message: '2026-12-01 is in the past (today is 2026-12-06)',
      },
    ]);
    expect(problems({ until: '2027-02-30' })).toEqual([
      {
        field: 'until',
        message: '"2027-02-30" is not a date such as 2027-01-31',
      },
    ]);
    expect(problems({ until: '2027-01-31T10:00:00Z' })[0].field).toBe('until');
  });
});
