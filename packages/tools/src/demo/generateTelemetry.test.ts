import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { loadDemoOrg } from '../telemetry/demoOrg';
import { generateDemoTelemetry, priceOf } from '../telemetry/demoTelemetry';
import { staticTokenFromConfig } from '../generate-telemetry';
import { decodeOtlpMetricsProtobufFull } from '../../../../plugins/agent-platform-backend/src/spend/otlp/otlpProtobuf';
import { runPackageScript } from '../__testUtils__/runPackageScript';

const packageRoot = resolve(__dirname, '../..');
const examples = resolve(packageRoot, '../../examples');
const NOW = new Date('2026-11-21T12:00:00Z');

// Generating 90 days and starting the CLI in a child process take seconds on a loaded machine.
jest.setTimeout(120_000);
const DAY_MS = 86_400_000;

describe('loadDemoOrg', () => {
  it('reads teams, members, budgets, skills and repositories from examples/', () => {
    const org = loadDemoOrg(examples);
    expect(
      org.teams.map(t => [t.name, t.monthlyUsd, t.members.length]),
    ).toEqual([
      ['checkout', 2500, 3],
      ['data-eng', 3000, 3],
      ['identity', 2000, 2],
      ['mobile', 1500, 2],
      ['payments', 4000, 3],
      ['platform', 3000, 3],
      ['search', 2000, 2],
    ]);
    const payments = org.teams.find(t => t.name === 'payments')!;
    expect(payments.members).toEqual([
      'elena.sokolova@acme.example',
      'grace.liu@acme.example',
      'tom.okafor@acme.example',
    ]);
    expect(payments.skills).toContain('pci-checklist');
    expect(payments.skills).toContain('code-review');
    expect(payments.repos.map(r => r.name).sort()).toEqual([
      'ledger-service',
      'notification-worker',
      'payments-api',
    ]);
    expect(
      payments.repos.find(r => r.name === 'payments-api')!.mcpServers,
    ).toContain('postgres-prod');
    expect(org.teamSkills.get('dbt-model-review')).toBe('data-eng');
    expect(org.models).toEqual({
      default: 'claude-sonnet-4-6',
      plan: 'claude-opus-4-8',
      background: 'claude-haiku-4-5',
    });
  });
});

describe('generateDemoTelemetry', () => {
  const org = loadDemoOrg(examples);
  const telemetry = generateDemoTelemetry({
    org,
    seed: 42,
    days: 90,
    now: NOW,
  });
  const all = telemetry.batches.flatMap(b =>
    b.points.map(p => ({ ...p, resource: b.resource })),
  );

  it('is deterministic from the seed, and a shorter run repeats the shared days', () => {
    const again = generateDemoTelemetry({ org, seed: 42, days: 90, now: NOW });
    expect(again).toEqual(telemetry);

    const other = generateDemoTelemetry({ org, seed: 7, days: 90, now: NOW });
    expect(other.costByTeam).not.toEqual(telemetry.costByTeam);

    const shorter = generateDemoTelemetry({
      org,
      seed: 42,
      days: 10,
      now: NOW,
    });
    const since = Date.UTC(2026, 10, 12);
    const key = (p: {
      metric: string;
      start: number;
      attributes: object;
      value: number;
    }) => JSON.stringify([p.metric, p.start, p.attributes, p.value]);
    const shared = all
      .filter(p => p.start >= since)
      .map(key)
      .sort();
    const short = shorter.batches
      .flatMap(b => b.points)
      .map(key)
      .sort();
    expect(short).toEqual(shared);
  });

  it('is a few tens of thousands of points over 90 days, none in the future', () => {
    expect(telemetry.points).toBe(all.length);
    expect(telemetry.points).toBeGreaterThan(20_000);
    expect(telemetry.points).toBeLessThan(100_000);
    expect(Math.max(...all.map(p => p.end))).toBeLessThanOrEqual(NOW.getTime());
    const first = Math.min(...all.map(p => p.start));
    expect(first).toBeGreaterThanOrEqual(Date.UTC(2026, 7, 24)); // 89 days before the 21st
    expect(first).toBeLessThan(Date.UTC(2026, 7, 25));
  });

  it('charges for the tokens it reports at the price table', () => {
    const tokens = new Map<string, Record<string, number>>();
    for (const p of all) {
      if (p.metric !== 'claude_code.token.usage') continue;
      const { type, ...rest } = p.attributes;
      const k = JSON.stringify([p.start, rest]);
      tokens.set(k, { ...tokens.get(k), [type]: p.value });
    }
    const costs = all.filter(p => p.metric === 'claude_code.cost.usage');
    expect(costs.length).toBeGreaterThan(1000);
    for (const c of costs) {
      const t = tokens.get(JSON.stringify([c.start, c.attributes]))!;
      const price = priceOf(c.attributes.model);
      const expected =
        ((t.input ?? 0) * price.input +
          (t.output ?? 0) * price.output +
          (t.cacheRead ?? 0) * price.cacheRead +
          (t.cacheCreation ?? 0) * price.cacheCreation) /
        1e6;
      expect(Math.abs(c.value - expected)).toBeLessThan(1e-6);
    }
    expect(new Set(costs.map(c => c.attributes.model))).toEqual(
      new Set(['claude-sonnet-4-6', 'claude-opus-4-8', 'claude-haiku-4-5']),
    );
  });

  it('plays the scenario: over budget, trending up, email only, unattributed, a promotion candidate', () => {
    const { scenario, monthToDateByTeam } = telemetry;
    expect(scenario).toEqual({
      overBudgetTeam: 'mobile',
      trendingTeam: 'search',
      emailOnlyTeam: 'identity',
      promotedSkill: 'dbt-model-review',
      promotedSkillOwner: 'data-eng',
      promotedSkillUsers: ['payments', 'search'],
    });
    // mobile (1,500 a month) is over by the 21st; the others are within budget.
    expect(monthToDateByTeam.mobile).toBeGreaterThan(1500);
    expect(monthToDateByTeam.payments).toBeLessThan(4000 * 0.7);
    expect(monthToDateByTeam.platform).toBeLessThan(3000 * 0.7);

    // The security-reviewer subagent's spend: code-review on the plan model.
    const reviewer = all.filter(
      p =>
        p.metric === 'claude_code.cost.usage' &&
        p.attributes['agent.name'] === 'security-reviewer',
    );
    expect(reviewer.length).toBeGreaterThan(0);
    expect(
      reviewer.every(
        p =>
          p.attributes['skill.name'] === 'code-review' &&
          p.attributes.model === 'claude-opus-4-8',
      ),
    ).toBe(true);

    const teamCost = (team: string, from: number, to: number) =>
      all
        .filter(
          p =>
            p.metric === 'claude_code.cost.usage' &&
            p.resource['team.id'] === team &&
            p.start >= from &&
            p.start < to,
        )
        .reduce((s, p) => s + p.value, 0);
    const end = Date.UTC(2026, 10, 21);
    const lastMonth = teamCost('search', end - 30 * DAY_MS, end);
    const firstMonth = teamCost('search', end - 90 * DAY_MS, end - 60 * DAY_MS);
    expect(lastMonth / firstMonth).toBeGreaterThan(1.8);
    expect(lastMonth).toBeLessThan(2000 * 1.25);
    expect(lastMonth).toBeGreaterThan(2000 * 0.85);
    // at risk on the 21st: month-to-date within the budget, the forecast over it
    expect(monthToDateByTeam.search).toBeLessThan(2000);
    expect((monthToDateByTeam.search / 20.5) * 30).toBeGreaterThan(2000);

    // weekends are quiet
    const weekdayOf = (ms: number) => new Date(ms).getUTCDay();
    const costs = all.filter(p => p.metric === 'claude_code.cost.usage');
    const weekend = costs
      .filter(p => [0, 6].includes(weekdayOf(p.start)))
      .reduce((s, p) => s + p.value, 0);
    const weekdays = costs.reduce((s, p) => s + p.value, 0) - weekend;
    expect(weekend / 26).toBeLessThan((weekdays / 64) * 0.25);

    // identity's members carry only user.email; two actors carry no team at all
    const identity = all.filter(p =>
      p.attributes['user.email']?.startsWith('hannah.schmidt'),
    );
    expect(identity.length).toBeGreaterThan(100);
    expect(identity.every(p => p.resource['team.id'] === undefined)).toBe(true);
    const unattributed = all.filter(
      p =>
        p.resource['team.id'] === undefined &&
        !p.attributes['user.email']?.endsWith('@acme.example'),
    );
    expect(
      unattributed.some(p => p.attributes['user.email'] === undefined),
    ).toBe(true);
    expect(
      unattributed.some(
        p => p.attributes['user.email'] === 'contractor@partner.example',
      ),
    ).toBe(true);
    expect(telemetry.costByTeam.unattributed).toBeGreaterThan(0);

    // the promotion candidate: data-eng's team skill used by payments and search
    const teamsUsing = new Set(
      all
        .filter(p => p.attributes['skill.name'] === 'dbt-model-review')
        .map(p => p.resource['team.id']),
    );
    expect(teamsUsing).toEqual(new Set(['data-eng', 'payments', 'search']));
    expect(
      all.some(p => p.attributes['mcp_server.name'] === 'postgres-prod'),
    ).toBe(true);
  });
});

const runGenerator = (args: string[]) =>
  runPackageScript('src/generate-telemetry.ts', args);

async function startOtlpServer(status = 200): Promise<{
  url: string;
  requests: { headers: http.IncomingHttpHeaders; body: any }[];
  close(): Promise<void>;
}> {
  const requests: { headers: http.IncomingHttpHeaders; body: any }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          '{"error":{"name":"AuthenticationError","message":"Illegal token"}}',
        );
        return;
      }
      requests.push({
        headers: req.headers,
        body: decodeOtlpMetricsProtobufFull(Buffer.concat(chunks)),
      });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

describe('generate-telemetry.ts', () => {
  it('sends every data point through the OTLP protobuf exporter with its historical time', async () => {
    const otlp = await startOtlpServer();
    try {
      const run = await runGenerator([
        '--portal',
        otlp.url,
        '--token',
        'demo-token',
        '--days',
        '14',
        '--seed',
        '42',
        '--now',
        NOW.toISOString(),
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);

      const org = loadDemoOrg(examples);
      const telemetry = generateDemoTelemetry({
        org,
        seed: 42,
        days: 14,
        now: NOW,
      });
      expect(run.stdout).toContain(
        `Sent ${telemetry.points} data points in ${otlp.requests.length} requests to ${otlp.url}/api/agent-platform/otlp/v1/metrics`,
      );
      for (const { headers } of otlp.requests) {
        expect(headers.authorization).toBe('Bearer demo-token');
        expect(headers['content-type']).toBe('application/x-protobuf');
      }

      const metrics = otlp.requests.flatMap(({ body }) =>
        body.resourceMetrics.flatMap((rm: any) =>
          rm.scopeMetrics.flatMap((sm: any) =>
            sm.metrics.map((m: any) => ({
              resource: rm.resource.attributes,
              ...m,
            })),
          ),
        ),
      );
      const dataPoints = metrics.flatMap((m: any) =>
        m.sum.dataPoints.map((dp: any) => ({ ...dp, metric: m })),
      );
      expect(dataPoints).toHaveLength(telemetry.points);
      expect(
        metrics.every(
          (m: any) => m.sum.aggregationTemporality === 1 && m.sum.isMonotonic,
        ),
      ).toBe(true);

      const cost = dataPoints
        .filter((dp: any) => dp.metric.name === 'claude_code.cost.usage')
        .reduce((s: number, dp: any) => s + dp.asDouble, 0);
      const expected = Object.values(telemetry.costByTeam).reduce(
        (a, b) => a + b,
        0,
      );
      expect(Math.abs(cost - expected)).toBeLessThan(0.05);
      const tokens = dataPoints.filter(
        (dp: any) => dp.metric.name === 'claude_code.token.usage',
      );
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.every((dp: any) => /^[1-9]\d*$/.test(dp.asInt))).toBe(true);

      const times = dataPoints.map((dp: any) =>
        Number(BigInt(dp.timeUnixNano) / 1_000_000n),
      );
      expect(Math.min(...times)).toBeGreaterThanOrEqual(
        NOW.getTime() - 14 * DAY_MS,
      );
      expect(Math.min(...times)).toBeLessThan(NOW.getTime() - 12 * DAY_MS);
      expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());

      const teamIds = new Set(
        metrics.flatMap((m: any) =>
          m.resource
            .filter((a: any) => a.key === 'team.id')
            .map((a: any) => a.value.stringValue),
        ),
      );
      expect(teamIds).toEqual(
        new Set([
          'checkout',
          'data-eng',
          'mobile',
          'payments',
          'platform',
          'search',
        ]),
      );
    } finally {
      await otlp.close();
    }
  });

  it('exits 1 with the status when the endpoint refuses', async () => {
    const otlp = await startOtlpServer(401);
    try {
      const run = await runGenerator([
        '--portal',
        otlp.url,
        '--token',
        'wrong',
        '--days',
        '2',
        '--now',
        NOW.toISOString(),
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^Request \d+ of \d+ to http:\/\/127\.0\.0\.1:\d+\/api\/agent-platform\/otlp\/v1\/metrics failed: .*Unauthorized/,
      );
    } finally {
      await otlp.close();
    }
  });

  it('rejects bad options', async () => {
    const run = await runGenerator(['--days', 'many', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--days must be an integer from 1 to 400');
  });
});

describe('staticTokenFromConfig', () => {
  it('finds the first static external-access token, resolving ${VAR} and ${VAR:-default}', () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'gen-telemetry-'));
    const a = resolve(dir, 'app-config.yaml');
    const b = resolve(dir, 'app-config.local.yaml');
    writeFileSync(a, 'backend:\n  baseUrl: http://localhost:7007\n');
    writeFileSync(
      b,
      [
        'backend:',
        '  auth:',
        '    externalAccess:',
        '      - type: legacy',
        '        options: { secret: abc, subject: x }',
        '      - type: static',
        '        options:',
        '          token: ${DEMO_TELEMETRY_TOKEN}',
        '          subject: telemetry',
      ].join('\n'),
    );
    const c = resolve(dir, 'app-config.default.yaml');
    writeFileSync(
      c,
      [
        'backend:',
        '  auth:',
        '    externalAccess:',
        '      - type: static',
        '        options:',
        '          token: ${DEMO_TELEMETRY_TOKEN:-local-ingest-token}',
        '          subject: ingest',
      ].join('\n'),
    );
    expect(staticTokenFromConfig([c])).toBe('local-ingest-token');
    process.env.DEMO_TELEMETRY_TOKEN = 'from-env';
    expect(staticTokenFromConfig([c])).toBe('from-env');
    try {
      expect(staticTokenFromConfig([a, b])).toBe('from-env');
      delete process.env.DEMO_TELEMETRY_TOKEN;
      expect(staticTokenFromConfig([a, b])).toBeUndefined();
      expect(
        staticTokenFromConfig([resolve(dir, 'missing.yaml')]),
      ).toBeUndefined();
    } finally {
      delete process.env.DEMO_TELEMETRY_TOKEN;
    }
  });
});
