import {
  AdminApiReportError,
  adminApiUploadToSpendPoints,
  claudeCodeUsageToSpendPoints,
  parseClaudeCodeUsageReportPage,
} from './adminApi';

/** A record as the Admin API documents it (RFC 3339 date, tool_actions and all). */
function userRecord(overrides: Record<string, unknown> = {}) {
  return {
    date: '2026-11-20T00:00:00Z',
    actor: { type: 'user_actor', email_address: 'elena.sokolova@acme.example' },
    organization_id: 'org-1',
    customer_type: 'api',
    terminal_type: 'vscode',
    core_metrics: {
      num_sessions: 4,
      lines_of_code: { added: 120, removed: 30 },
      commits_by_claude_code: 3,
      pull_requests_by_claude_code: 1,
    },
    tool_actions: {
      edit_tool: { accepted: 10, rejected: 1 },
    },
    model_breakdown: [
      {
        model: 'claude-sonnet-4-6',
        tokens: {
          input: 1000,
          output: 500,
          cache_read: 20000,
          cache_creation: 3000,
        },
        estimated_cost: { amount: 1234, currency: 'USD' },
      },
    ],
    ...overrides,
  };
}

function page(data: unknown[], extra: Record<string, unknown> = {}) {
  return { data, has_more: false, next_page: null, ...extra };
}

const DAY = Date.UTC(2026, 10, 20);

describe('claudeCodeUsageToSpendPoints', () => {
  it('turns a user record into points per measure and per model', () => {
    const points = claudeCodeUsageToSpendPoints(
      parseClaudeCodeUsageReportPage(page([userRecord()])),
    );
    const prefix =
      'admin-api|claude_code|2026-11-20|user:elena.sokolova@acme.example|vscode';
    const user = { userEmail: 'elena.sokolova@acme.example' };
    const model = { ...user, model: 'claude-sonnet-4-6' };
    expect(points).toEqual([
      {
        key: `${prefix}|-|sessions`,
        source: 'admin-api',
        measure: 'sessions',
        value: 4,
        timestamp: DAY,
        attributes: user,
      },
      {
        key: `${prefix}|-|commits`,
        source: 'admin-api',
        measure: 'commits',
        value: 3,
        timestamp: DAY,
        attributes: user,
      },
      {
        key: `${prefix}|-|pullRequests`,
        source: 'admin-api',
        measure: 'pullRequests',
        value: 1,
        timestamp: DAY,
        attributes: user,
      },
      {
        key: `${prefix}|-|linesAdded`,
        source: 'admin-api',
        measure: 'linesAdded',
        value: 120,
        timestamp: DAY,
        attributes: user,
      },
      {
        key: `${prefix}|-|linesRemoved`,
        source: 'admin-api',
        measure: 'linesRemoved',
        value: 30,
        timestamp: DAY,
        attributes: user,
      },
      {
        key: `${prefix}|claude-sonnet-4-6|cost`,
        source: 'admin-api',
        measure: 'cost',
        value: 12.34,
        timestamp: DAY,
        attributes: model,
      },
      {
        key: `${prefix}|claude-sonnet-4-6|tokens.input`,
        source: 'admin-api',
        measure: 'tokens.input',
        value: 1000,
        timestamp: DAY,
        attributes: model,
      },
      {
        key: `${prefix}|claude-sonnet-4-6|tokens.output`,
        source: 'admin-api',
        measure: 'tokens.output',
        value: 500,
        timestamp: DAY,
        attributes: model,
      },
      {
        key: `${prefix}|claude-sonnet-4-6|tokens.cacheRead`,
        source: 'admin-api',
        measure: 'tokens.cacheRead',
        value: 20000,
        timestamp: DAY,
        attributes: model,
      },
      {
        key: `${prefix}|claude-sonnet-4-6|tokens.cacheCreation`,
        source: 'admin-api',
        measure: 'tokens.cacheCreation',
        value: 3000,
        timestamp: DAY,
        attributes: model,
      },
    ]);
  });

  it('names API key actors by key name and leaves zero values out', () => {
    const points = claudeCodeUsageToSpendPoints(
      parseClaudeCodeUsageReportPage(
        page([
          {
            date: '2026-11-19',
            actor: { type: 'api_actor', api_key_name: 'ci-review-bot' },
            core_metrics: {
              num_sessions: 2,
              lines_of_code: { added: 0, removed: 0 },
              commits_by_claude_code: 0,
              pull_requests_by_claude_code: 0,
            },
            model_breakdown: [
              {
                model: 'claude-haiku-4-5',
                tokens: {
                  input: 10,
                  output: 0,
                  cache_read: 0,
                  cache_creation: 0,
                },
                estimated_cost: { amount: '0.5', currency: 'USD' },
              },
            ],
          },
        ]),
      ),
    );
    const prefix = 'admin-api|claude_code|2026-11-19|api:ci-review-bot|-';
    expect(points.map(p => [p.key, p.value, p.attributes])).toEqual([
      [`${prefix}|-|sessions`, 2, { apiKeyName: 'ci-review-bot' }],
      [
        `${prefix}|claude-haiku-4-5|cost`,
        0.005,
        { apiKeyName: 'ci-review-bot', model: 'claude-haiku-4-5' },
      ],
      [
        `${prefix}|claude-haiku-4-5|tokens.input`,
        10,
        { apiKeyName: 'ci-review-bot', model: 'claude-haiku-4-5' },
      ],
    ]);
    expect(new Set(points.map(p => p.timestamp))).toEqual(
      new Set([Date.UTC(2026, 10, 19)]),
    );
  });

  it('gives the same keys when the same day is imported again', () => {
    const first = claudeCodeUsageToSpendPoints(
      parseClaudeCodeUsageReportPage(page([userRecord()])),
    );
    const again = claudeCodeUsageToSpendPoints(
      parseClaudeCodeUsageReportPage(
        // the same day, fetched again: the email in another case, fields reordered
        page([
          userRecord({
            actor: {
              email_address: 'Elena.Sokolova@acme.example',
              type: 'user_actor',
            },
          }),
        ]),
      ),
    );
    expect(again.map(p => p.key)).toEqual(first.map(p => p.key));
    expect(new Set(first.map(p => p.key)).size).toBe(first.length);
  });

  it('keeps models, actors, days and terminals apart in the keys', () => {
    const two = {
      model: 'claude-opus-4-8',
      tokens: { input: 1, output: 1, cache_read: 1, cache_creation: 1 },
      estimated_cost: { amount: 1, currency: 'USD' },
    };
    const base = userRecord();
    const points = claudeCodeUsageToSpendPoints(
      parseClaudeCodeUsageReportPage(
        page([
          userRecord({ model_breakdown: [...base.model_breakdown, two] }),
          userRecord({ date: '2026-11-21' }),
          userRecord({ terminal_type: 'cursor' }),
          userRecord({
            actor: { type: 'user_actor', email_address: 'tom@acme.example' },
          }),
        ]),
      ),
    );
    expect(points).toHaveLength(10 + 5 + 10 + 10 + 10);
    expect(new Set(points.map(p => p.key)).size).toBe(points.length);
  });
});

describe('parseClaudeCodeUsageReportPage', () => {
  function errorOf(value: unknown): string {
    try {
      parseClaudeCodeUsageReportPage(value);
    } catch (e) {
      expect(e).toBeInstanceOf(AdminApiReportError);
      return (e as Error).message;
    }
    throw new Error('expected the page to be rejected');
  }

  it('keeps the paging fields', () => {
    expect(
      parseClaudeCodeUsageReportPage({
        data: [],
        has_more: true,
        next_page: 'page_2',
      }),
    ).toEqual({ data: [], has_more: true, next_page: 'page_2' });
  });

  const rejected: Array<[unknown, string]> = [
    [null, 'report must be an object'],
    [[], 'report must be an object'],
    [{ has_more: false }, 'data must be an array'],
    [{ data: {}, has_more: false }, 'data must be an array'],
    [{ data: [], has_more: 'no' }, 'has_more must be a boolean'],
    [
      { data: [], has_more: false, next_page: 3 },
      'next_page must be a string or null',
    ],
    [
      { data: [], has_more: true, next_page: null },
      'next_page must be set when has_more is true',
    ],
    [page([42]), 'data[0] must be an object'],
    [
      page([userRecord(), userRecord({ date: '2026-02-30' })]),
      'data[1].date must be a UTC day (YYYY-MM-DD, or midnight UTC in RFC 3339)',
    ],
    [
      page([userRecord({ date: '2026-11-20T13:00:00Z' })]),
      'data[0].date must be a UTC day (YYYY-MM-DD, or midnight UTC in RFC 3339)',
    ],
    [
      page([userRecord({ actor: { type: 'robot' } })]),
      'data[0].actor.type must be "user_actor" or "api_actor" (got "robot")',
    ],
    [
      page([userRecord({ actor: { type: 'user_actor', email_address: ' ' } })]),
      'data[0].actor.email_address must be a non-empty string',
    ],
    [
      page([userRecord({ actor: { type: 'api_actor' } })]),
      'data[0].actor.api_key_name must be a non-empty string',
    ],
    [
      page([userRecord({ core_metrics: undefined })]),
      'data[0].core_metrics must be an object',
    ],
    [
      page([
        userRecord({
          core_metrics: {
            num_sessions: -1,
            lines_of_code: { added: 0, removed: 0 },
            commits_by_claude_code: 0,
            pull_requests_by_claude_code: 0,
          },
        }),
      ]),
      'data[0].core_metrics.num_sessions must be a non-negative number (at most 1000000000000000)',
    ],
    [
      page([
        userRecord({
          core_metrics: {
            num_sessions: 1,
            lines_of_code: { added: 'many', removed: 0 },
            commits_by_claude_code: 0,
            pull_requests_by_claude_code: 0,
          },
        }),
      ]),
      'data[0].core_metrics.lines_of_code.added must be a non-negative number (at most 1000000000000000)',
    ],
    [
      page([userRecord({ model_breakdown: {} })]),
      'data[0].model_breakdown must be an array',
    ],
    [
      page([
        userRecord({
          model_breakdown: [
            {
              model: 'claude-sonnet-4-6',
              tokens: {
                input: Number.NaN,
                output: 0,
                cache_read: 0,
                cache_creation: 0,
              },
              estimated_cost: { amount: 1, currency: 'USD' },
            },
          ],
        }),
      ]),
      'data[0].model_breakdown[0].tokens.input must be a non-negative number (at most 1000000000000000)',
    ],
    [
      page([
        userRecord({
          model_breakdown: [
            {
              model: 'claude-sonnet-4-6',
              tokens: {
                input: 1,
                output: 1e300,
                cache_read: 0,
                cache_creation: 0,
              },
              estimated_cost: { amount: 1, currency: 'USD' },
            },
          ],
        }),
      ]),
      'data[0].model_breakdown[0].tokens.output must be a non-negative number (at most 1000000000000000)',
    ],
    [
      page([
        userRecord({
          model_breakdown: [
            {
              model: '',
              tokens: { input: 1, output: 1, cache_read: 0, cache_creation: 0 },
              estimated_cost: { amount: 1, currency: 'USD' },
            },
          ],
        }),
      ]),
      'data[0].model_breakdown[0].model must be a non-empty string',
    ],
    [
      page([
        userRecord({
          model_breakdown: [
            {
              model: 'claude-sonnet-4-6',
              tokens: { input: 1, output: 1, cache_read: 0, cache_creation: 0 },
              estimated_cost: { amount: 1, currency: 'EUR' },
            },
          ],
        }),
      ]),
      'data[0].model_breakdown[0].estimated_cost.currency must be "USD" (got "EUR")',
    ],
    [
      page([
        userRecord({
          model_breakdown: [
            {
              model: 'claude-sonnet-4-6',
              tokens: { input: 1, output: 1, cache_read: 0, cache_creation: 0 },
              estimated_cost: { amount: '-3', currency: 'USD' },
            },
          ],
        }),
      ]),
      'data[0].model_breakdown[0].estimated_cost.amount must be a non-negative number (at most 1000000000000000)',
    ],
    [
      page([userRecord({ terminal_type: 7 })]),
      'data[0].terminal_type must be a non-empty string',
    ],
  ];
  it.each(rejected.map(([value, message]) => [message, value]))(
    'rejects with "%s"',
    (message, value) => {
      expect(errorOf(value)).toBe(message);
    },
  );

  it('accepts a record without model breakdown and ignores unknown fields', () => {
    const parsed = parseClaudeCodeUsageReportPage(
      page([userRecord({ model_breakdown: undefined, surprise: { a: 1 } })], {
        extra: true,
      }),
    );
    expect(parsed.data[0].model_breakdown).toEqual([]);
    expect(parsed.data[0].date).toBe('2026-11-20');
    expect(parsed.data[0]).not.toHaveProperty('surprise');
  });
});

describe('adminApiUploadToSpendPoints', () => {
  it('reads one page', () => {
    const result = adminApiUploadToSpendPoints(page([userRecord()]));
    expect(result.pages).toBe(1);
    expect(result.records).toBe(1);
    expect(result.points).toHaveLength(10);
  });

  it('reads an array of pages and names the page in errors', () => {
    const result = adminApiUploadToSpendPoints([
      page([userRecord()], { has_more: true, next_page: 'p2' }),
      page([
        userRecord({ date: '2026-11-21' }),
        userRecord({ date: '2026-11-22' }),
      ]),
    ]);
    expect(result.pages).toBe(2);
    expect(result.records).toBe(3);
    expect(result.points).toHaveLength(30);

    expect(() =>
      adminApiUploadToSpendPoints([
        page([userRecord()]),
        page([
          userRecord({
            model_breakdown: [
              {
                model: 'm',
                tokens: {
                  input: -5,
                  output: 0,
                  cache_read: 0,
                  cache_creation: 0,
                },
                estimated_cost: { amount: 0, currency: 'USD' },
              },
            ],
          }),
        ]),
      ]),
    ).toThrow(
      '[1].data[0].model_breakdown[0].tokens.input must be a non-negative number (at most 1000000000000000)',
    );
  });

  it('rejects an empty array', () => {
    expect(() => adminApiUploadToSpendPoints([])).toThrow(
      'report must contain at least one page',
    );
  });
});
