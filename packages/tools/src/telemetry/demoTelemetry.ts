/*
 * Demo telemetry for the example organisation: what Claude Code would have exported over the
 * last N days, as OTLP metrics with delta temporality, and the sender that pushes it through the
 * official OTLP/HTTP protobuf exporter.
 *
 * Deterministic: every user-day is drawn from a random generator seeded with (seed, day, user),
 * so the same seed and end day give the same data points, and a shorter run gives the same
 * points for the days it shares with a longer one. The endpoint de-duplicates, so re-running
 * stores nothing twice.
 */
import { ValueType } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  MetricData,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { DemoOrg, DemoTeam } from './demoOrg';

/** USD per million tokens (Anthropic pricing; cache writes at the 5-minute rate). */
export const DEMO_PRICES: Record<
  string,
  { input: number; output: number; cacheRead: number; cacheCreation: number }
> = {
  opus: { input: 5, output: 25, cacheRead: 0.5, cacheCreation: 6.25 },
  sonnet: { input: 3, output: 15, cacheRead: 0.3, cacheCreation: 3.75 },
  haiku: { input: 1, output: 5, cacheRead: 0.1, cacheCreation: 1.25 },
};

/** The price row of a model id (`claude-sonnet-4-6` -> sonnet). */
export function priceOf(model: string) {
  const family = Object.keys(DEMO_PRICES).find(f => model.includes(f));
  if (!family) {
    throw new Error(`No demo price for model ${model}`);
  }
  return DEMO_PRICES[family];
}

/** The metrics the generator emits, with their unit and value type. */
const METRICS = {
  'claude_code.session.count': { unit: 'count', int: true },
  'claude_code.cost.usage': { unit: 'USD', int: false },
  'claude_code.token.usage': { unit: 'tokens', int: true },
  'claude_code.lines_of_code.count': { unit: 'count', int: true },
  'claude_code.commit.count': { unit: 'count', int: true },
  'claude_code.pull_request.count': { unit: 'count', int: true },
  'claude_code.active_time.total': { unit: 's', int: false },
} as const;

/** A Claude Code metric name. */
export type DemoMetricName = keyof typeof METRICS;

/** One data point: a delta over [start, end). */
export interface DemoPoint {
  metric: DemoMetricName;
  /** Milliseconds since the epoch. */
  start: number;
  end: number;
  attributes: Record<string, string>;
  value: number;
}

/** Data points that share one OpenTelemetry resource (one request, or a few). */
export interface DemoBatch {
  resource: Record<string, string>;
  points: DemoPoint[];
}

/** What the generator made, and what the portal should show for it. */
export interface DemoTelemetry {
  batches: DemoBatch[];
  points: number;
  sessions: number;
  /** USD by team name (the team attribution should find), `unattributed` for the rest. */
  costByTeam: Record<string, number>;
  /** USD by team name from the first of the current month (UTC) to now. */
  monthToDateByTeam: Record<string, number>;
  /** The roles the example teams play. */
  scenario: {
    trendingTeam: string;
    overBudgetTeam: string;
    emailOnlyTeam: string;
    promotedSkill: string;
    promotedSkillOwner: string;
    promotedSkillUsers: string[];
  };
}

/** Options of {@link generateDemoTelemetry}. */
export interface DemoTelemetryOptions {
  org: DemoOrg;
  /** The same seed gives the same data. */
  seed: number;
  /** Days back from `now`, today included. */
  days: number;
  now: Date;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A 32-bit hash of a string (FNV-1a). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, seedable generator with good spread. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + (hi - lo) * next(),
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)],
  };
}

/** A stable UUID-shaped id from a string. */
function uuidOf(text: string): string {
  const hex = [0, 1, 2, 3]
    .map(i => hash(`${i}:${text}`).toString(16).padStart(8, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(
    13,
    16,
  )}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Who works: a team member with team.id, an email-only member, or an actor outside the catalog. */
interface Actor {
  id: string;
  /** The team attribution should find, or `unattributed`. */
  expectedTeam: string;
  email?: string;
  /** Resource attribute `team.id`. */
  teamId?: string;
  team?: DemoTeam;
  /** Weekday USD for this actor. */
  weekdayUsd: (daysBeforeEnd: number) => number;
  repos: { name: string; mcpServers: string[] }[];
  skills: string[];
}

/** A weekday's USD for a whole team: the monthly target spread over ~22.7 weekday-equivalents. */
function teamWeekdayUsd(monthlyUsd: number, ratio: number) {
  return (monthlyUsd * ratio) / 22.7;
}

/**
 * Generates the demo telemetry. Roles: the team with the lowest budget that has members runs
 * over it (`mobile` in the example), `search` climbs from a third of its budget to a pace just
 * above it (at risk: the month's forecast exceeds the budget, month-to-date does not until the
 * last days), `identity` sets no `team.id` (attributed through its members' emails), a
 * contractor outside the catalog and a CI job with neither stay unattributed, and
 * `dbt-model-review` (data-eng's team skill) is also used by payments and search, making it a
 * candidate for promotion to the org.
 */
export function generateDemoTelemetry(
  options: DemoTelemetryOptions,
): DemoTelemetry {
  const { org, seed, days, now } = options;
  const teamNames = org.teams.map(t => t.name);
  const role = (preferred: string, fallback: number) =>
    teamNames.includes(preferred)
      ? preferred
      : teamNames[fallback % teamNames.length];
  const overBudgetTeam = role('mobile', 0);
  const trendingTeam = role('search', 1);
  const emailOnlyTeam = role('identity', 2);
  const promotedSkill = org.teamSkills.has('dbt-model-review')
    ? 'dbt-model-review'
    : [...org.teamSkills.keys()][0];
  const promotedSkillOwner = org.teamSkills.get(promotedSkill) ?? '';
  const promotedSkillUsers = ['payments', 'search'].filter(
    t => teamNames.includes(t) && t !== promotedSkillOwner,
  );

  const ratioOf = (team: string, daysBeforeEnd: number) => {
    if (team === overBudgetTeam) return 1.8;
    if (team === trendingTeam) {
      // A fixed 90-day ramp, whatever --days says, so that runs of different lengths agree.
      return 0.35 + 0.9 * Math.max(0, 1 - daysBeforeEnd / 89);
    }
    return 0.35 + (hash(`${seed}:${team}`) % 26) / 100; // 0.35 - 0.60, fixed per team
  };

  const actors: Actor[] = [];
  for (const team of org.teams) {
    const monthly = team.monthlyUsd ?? 1500;
    const skills =
      promotedSkillUsers.includes(team.name) && promotedSkill
        ? [...team.skills, promotedSkill]
        : team.skills;
    for (const email of team.members) {
      actors.push({
        id: email,
        expectedTeam: team.name,
        email,
        teamId: team.name === emailOnlyTeam ? undefined : team.name,
        team,
        weekdayUsd: d =>
          teamWeekdayUsd(monthly, ratioOf(team.name, d)) / team.members.length,
        repos: team.repos,
        skills,
      });
    }
  }
  const orgRepos = org.teams.flatMap(t => t.repos);
  const orgSkills = [...new Set(org.teams.flatMap(t => t.skills))].filter(
    s => !org.teamSkills.has(s),
  );
  actors.push(
    {
      id: 'contractor@partner.example',
      expectedTeam: 'unattributed',
      email: 'contractor@partner.example',
      weekdayUsd: () => 14,
      repos: orgRepos.slice(0, 2),
      skills: orgSkills,
    },
    {
      id: 'ci-review-job',
      expectedTeam: 'unattributed',
      weekdayUsd: () => 9,
      repos: orgRepos.slice(0, 1),
      skills: orgSkills.filter(s => s === 'code-review'),
    },
  );

  const nowMs = now.getTime();
  const todayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const byResource = new Map<string, DemoBatch>();
  const costByTeam: Record<string, number> = {};
  const monthToDateByTeam: Record<string, number> = {};
  let sessions = 0;
  let points = 0;

  for (let d = days - 1; d >= 0; d--) {
    const dayStart = todayStart - d * DAY_MS;
    const day = new Date(dayStart).toISOString().slice(0, 10);
    const weekday = new Date(dayStart).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    for (const actor of actors) {
      const rng = random(hash(`${seed}|${day}|${actor.id}`));
      // Weekends: a session on 30% of days; weekdays: one to three.
      const draw = rng.next();
      const sessionCount = weekend
        ? Number(draw < 0.3)
        : 1 + Math.floor(draw * 3);
      if (sessionCount === 0 || actor.repos.length === 0) continue;
      const dayUsd =
        actor.weekdayUsd(d) * rng.between(0.6, 1.4) * (weekend ? 0.35 : 1);
      for (let s = 0; s < sessionCount; s++) {
        const repo = rng.pick(actor.repos);
        const resource: Record<string, string> = {
          'service.name': 'claude-code',
          'service.version': '2.1.0',
        };
        if (actor.teamId) {
          resource['team.id'] = actor.teamId;
          resource.department = 'engineering';
          resource.cost_center = `eng-${actor.teamId}`;
          resource.repo = repo.name;
        }
        const sessionId = uuidOf(`${seed}|${day}|${actor.id}|${s}`);
        const common: Record<string, string> = {
          'session.id': sessionId,
          'organization.id': 'b8f5c1d2-acme-financial',
          'terminal.type': rng.pick(['vscode', 'iTerm.app', 'cursor', 'tmux']),
        };
        if (actor.email) {
          common['user.email'] = actor.email;
          common['user.account_uuid'] = uuidOf(actor.email);
        } else {
          common['user.account_uuid'] = uuidOf(actor.id);
        }
        const start =
          dayStart +
          (weekend ? rng.int(9 * 60, 17 * 60) : rng.int(7 * 60, 18 * 60)) *
            MINUTE_MS;
        const minutes = rng.int(15, 110);
        const sessionUsd = dayUsd / sessionCount;

        const sessionPoints = new Map<string, DemoPoint>();
        const add = (
          metric: DemoMetricName,
          minute: number,
          attributes: Record<string, string>,
          value: number,
        ) => {
          if (value <= 0) return;
          const t = start + minute * MINUTE_MS;
          const key = JSON.stringify([metric, t, attributes]);
          const existing = sessionPoints.get(key);
          if (existing) {
            existing.value += value;
          } else {
            sessionPoints.set(key, {
              metric,
              start: t,
              end: t + MINUTE_MS,
              attributes,
              value,
            });
          }
        };

        add('claude_code.session.count', 0, { ...common }, 1);
        const combos = rng.int(2, 4);
        const weights = Array.from({ length: combos }, () =>
          rng.between(0.2, 1),
        );
        const total = weights.reduce((a, b) => a + b, 0);
        let sessionCost = 0;
        for (let c = 0; c < combos; c++) {
          const roll = rng.next();
          let model = org.models.background;
          if (roll < 0.72) model = org.models.default;
          else if (roll < 0.85) model = org.models.plan;
          const attributes: Record<string, string> = { ...common, model };
          const promoted =
            promotedSkillUsers.includes(actor.expectedTeam) &&
            rng.next() < 0.15;
          if (promoted) {
            attributes['skill.name'] = promotedSkill;
          } else if (actor.skills.length > 0 && rng.next() < 0.4) {
            attributes['skill.name'] = rng.pick(actor.skills);
          }
          if (repo.mcpServers.length > 0 && rng.next() < 0.35) {
            attributes['mcp_server.name'] = rng.pick(repo.mcpServers);
          }
          // The org's security-reviewer subagent (examples/subagents) runs on
          // the plan model with the code-review skill: that spend is its own
          // (telemetry's agent.name). Derived, not drawn, so every other
          // figure of the demo stays as it was.
          if (
            attributes['skill.name'] === 'code-review' &&
            model === org.models.plan
          ) {
            attributes['agent.name'] = 'security-reviewer';
          }
          // A token mix like Claude Code's: mostly cache reads.
          const mix = {
            input: rng.between(2_000, 5_000),
            output: rng.between(1_000, 3_000),
            cacheRead: rng.between(30_000, 90_000),
            cacheCreation: rng.between(4_000, 12_000),
          };
          const price = priceOf(model);
          const unitUsd =
            (mix.input * price.input +
              mix.output * price.output +
              mix.cacheRead * price.cacheRead +
              mix.cacheCreation * price.cacheCreation) /
            1e6;
          const units = (sessionUsd * weights[c]) / total / unitUsd;
          const tokens = {
            input: Math.round(mix.input * units),
            output: Math.round(mix.output * units),
            cacheRead: Math.round(mix.cacheRead * units),
            cacheCreation: Math.round(mix.cacheCreation * units),
          };
          // The cost is what these tokens cost, to the micro-dollar.
          const cost =
            Math.round(
              tokens.input * price.input +
                tokens.output * price.output +
                tokens.cacheRead * price.cacheRead +
                tokens.cacheCreation * price.cacheCreation,
            ) / 1e6;
          const minute = rng.int(0, minutes - 1);
          add('claude_code.cost.usage', minute, attributes, cost);
          for (const [type, value] of Object.entries(tokens)) {
            add(
              'claude_code.token.usage',
              minute,
              { ...attributes, type },
              value,
            );
          }
          sessionCost += cost;
        }
        const added = Math.round(sessionCost * rng.between(150, 400));
        add(
          'claude_code.lines_of_code.count',
          minutes - 1,
          { ...common, type: 'added' },
          added,
        );
        add(
          'claude_code.lines_of_code.count',
          minutes - 1,
          { ...common, type: 'removed' },
          Math.round(added * rng.between(0.1, 0.5)),
        );
        if (rng.next() < 0.55) {
          add(
            'claude_code.commit.count',
            minutes - 1,
            { ...common },
            rng.int(1, 2),
          );
        }
        if (rng.next() < 0.22) {
          add('claude_code.pull_request.count', minutes - 1, { ...common }, 1);
        }
        add(
          'claude_code.active_time.total',
          minutes - 1,
          { ...common },
          Math.round(minutes * 60 * rng.between(0.3, 0.7) * 10) / 10,
        );

        // Only what has happened by now.
        const happened = [...sessionPoints.values()].filter(
          p => p.end <= nowMs,
        );
        if (happened.length === 0) continue;
        sessions++;
        points += happened.length;
        const resourceKey = JSON.stringify(resource);
        const batch = byResource.get(resourceKey) ?? { resource, points: [] };
        batch.points.push(...happened);
        byResource.set(resourceKey, batch);
        for (const p of happened) {
          if (p.metric !== 'claude_code.cost.usage') continue;
          costByTeam[actor.expectedTeam] =
            (costByTeam[actor.expectedTeam] ?? 0) + p.value;
          if (p.end > monthStart) {
            monthToDateByTeam[actor.expectedTeam] =
              (monthToDateByTeam[actor.expectedTeam] ?? 0) + p.value;
          }
        }
      }
    }
  }

  const round = (r: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(r)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, Math.round(v * 100) / 100]),
    );
  return {
    batches: [...byResource.values()].sort((a, b) =>
      JSON.stringify(a.resource).localeCompare(JSON.stringify(b.resource)),
    ),
    points,
    sessions,
    costByTeam: round(costByTeam),
    monthToDateByTeam: round(monthToDateByTeam),
    scenario: {
      trendingTeam,
      overBudgetTeam,
      emailOnlyTeam,
      promotedSkill,
      promotedSkillOwner,
      promotedSkillUsers,
    },
  };
}

function hrTime(ms: number): [number, number] {
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
}

/**
 * The batches as the OpenTelemetry SDK's `ResourceMetrics`, at most `maxPoints` data points
 * each, so that every request carries its own historical timestamps (delta temporality).
 */
export function toResourceMetrics(
  batches: DemoBatch[],
  maxPoints = 2000,
): ResourceMetrics[] {
  const out: ResourceMetrics[] = [];
  for (const batch of batches) {
    const resource = resourceFromAttributes(batch.resource);
    for (let i = 0; i < batch.points.length; i += maxPoints) {
      const chunk = batch.points.slice(i, i + maxPoints);
      const byMetric = new Map<DemoMetricName, DemoPoint[]>();
      for (const p of chunk) {
        byMetric.set(p.metric, [...(byMetric.get(p.metric) ?? []), p]);
      }
      const metrics: MetricData[] = [...byMetric].map(([name, ps]) => ({
        descriptor: {
          name,
          description: '',
          unit: METRICS[name].unit,
          valueType: METRICS[name].int ? ValueType.INT : ValueType.DOUBLE,
        },
        aggregationTemporality: AggregationTemporality.DELTA,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints: ps.map(p => ({
          startTime: hrTime(p.start),
          endTime: hrTime(p.end),
          attributes: p.attributes,
          value: p.value,
        })),
      }));
      out.push({
        resource,
        scopeMetrics: [
          {
            scope: { name: 'com.anthropic.claude_code', version: '2.1.0' },
            metrics,
          },
        ],
      });
    }
  }
  return out;
}

/**
 * Sends the telemetry to an OTLP/HTTP metrics endpoint with the official protobuf exporter,
 * a few requests in flight at a time. Throws on the first request the endpoint refuses.
 */
export async function sendDemoTelemetry(options: {
  telemetry: DemoTelemetry;
  /** The full metrics URL, e.g. `http://localhost:7007/api/agent-platform/otlp/v1/metrics`. */
  url: string;
  token: string;
  concurrency?: number;
  maxPointsPerRequest?: number;
}): Promise<{ requests: number; points: number }> {
  const { telemetry, url, token } = options;
  const concurrency = options.concurrency ?? 4;
  const exporter = new OTLPMetricExporter({
    url,
    headers: { Authorization: `Bearer ${token}` },
    timeoutMillis: 60_000,
    // The exporter frees a slot just after it calls back: leave it headroom.
    concurrencyLimit: concurrency * 2 + 1,
  });
  const requests = toResourceMetrics(
    telemetry.batches,
    options.maxPointsPerRequest,
  );
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      await new Promise<void>((resolve, reject) =>
        exporter.export(requests[index], result => {
          if (result.code === 0) {
            resolve();
          } else {
            reject(
              new Error(
                `Request ${index + 1} of ${requests.length} to ${url} failed: ${
                  result.error?.message ?? 'unknown error'
                }`,
                { cause: result.error },
              ),
            );
          }
        }),
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await exporter.shutdown();
  }
  return { requests: requests.length, points: telemetry.points };
}
