/*
 * One Claude Code session's metrics for a repository, sent the way Claude Code sends them: the
 * OpenTelemetry metrics SDK (a MeterProvider with a periodic reader), the official OTLP/HTTP
 * protobuf exporter, delta temporality, the resource attributes a team sets through
 * OTEL_RESOURCE_ATTRIBUTES (team.id, repo).
 */
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** What {@link sendSessionTelemetry} sent. */
export interface SentSession {
  /** USD recorded on `claude_code.cost.usage`. */
  cost: number;
  /** Export calls the reader made, and how each ended. */
  exports: Array<{ ok: boolean; error?: string }>;
}

/**
 * Records one session's cost, tokens and session count for `repo` of `team` and flushes them to
 * `url` (the portal's `/api/agent-platform/otlp/v1/metrics`). Throws when the endpoint refused
 * an export (the SDK's reader only logs that).
 */
export async function sendSessionTelemetry(options: {
  url: string;
  token: string;
  team: string;
  repo: string;
  userEmail: string;
  sessionId: string;
  cost: number;
}): Promise<SentSession> {
  const exporter = new OTLPMetricExporter({
    url: options.url,
    headers: { Authorization: `Bearer ${options.token}` },
    temporalityPreference: AggregationTemporality.DELTA,
    timeoutMillis: 30_000,
  });
  const exports: SentSession['exports'] = [];
  // The reader swallows export failures; this records each outcome.
  const recording: PushMetricExporter = {
    export: (metrics: ResourceMetrics, done) =>
      exporter.export(metrics, result => {
        exports.push({
          ok: result.code === 0,
          error: result.error?.message,
        });
        done(result);
      }),
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
    selectAggregationTemporality:
      exporter.selectAggregationTemporality?.bind(exporter),
  };
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'claude-code',
      'service.version': '2.1.0',
      'team.id': options.team,
      repo: options.repo,
    }),
    readers: [
      new PeriodicExportingMetricReader({
        exporter: recording,
        // Only the explicit flush below exports.
        exportIntervalMillis: 3_600_000,
        exportTimeoutMillis: 30_000,
      }),
    ],
  });
  const meter = provider.getMeter('com.anthropic.claude_code', '2.1.0');
  const common = {
    'session.id': options.sessionId,
    'user.email': options.userEmail,
    'organization.id': 'release-loop',
  };
  const model = 'claude-sonnet-4-6';
  meter
    .createCounter('claude_code.session.count', { unit: 'count' })
    .add(1, common);
  meter
    .createCounter('claude_code.cost.usage', { unit: 'USD' })
    .add(options.cost, { ...common, model });
  const tokens = meter.createCounter('claude_code.token.usage', {
    unit: 'tokens',
  });
  tokens.add(12_000, { ...common, model, type: 'input' });
  tokens.add(3_500, { ...common, model, type: 'output' });
  await provider.forceFlush();
  await provider.shutdown();

  const failed = exports.find(e => !e.ok);
  if (exports.length === 0) {
    throw new Error('The OpenTelemetry reader exported nothing');
  }
  if (failed) {
    throw new Error(
      `The OTLP endpoint ${options.url} refused the metrics: ${
        failed.error ?? 'unknown error'
      }`,
    );
  }
  return { cost: options.cost, exports };
}
