/*
 * Sends Claude Code's metrics with the official OpenTelemetry SDK and OTLP
 * exporters, unchanged, to an OTLP/HTTP endpoint, and prints the export
 * results as JSON. Run as a separate Node process (the exporters load `http`
 * with a dynamic import, which Jest's module sandbox does not support):
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs otelClient.ts <scenario> <url> <token>
 */
import { ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as OTLPJsonMetricExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';

/** A reader that collects on demand, with a fixed temporality. */
class ManualReader extends MetricReader {
  constructor(temporality: AggregationTemporality) {
    super({ aggregationTemporalitySelector: () => temporality });
  }
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

function meter(
  temporality: AggregationTemporality,
  attributes: Record<string, string>,
) {
  const reader = new ManualReader(temporality);
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'claude-code',
      ...attributes,
    }),
    readers: [reader],
  });
  const m = provider.getMeter('com.anthropic.claude_code', '2.1.0');
  return {
    reader,
    cost: m.createCounter('claude_code.cost.usage', { unit: 'USD' }),
    tokens: m.createCounter('claude_code.token.usage', { unit: 'tokens' }),
    sessions: m.createCounter('claude_code.session.count'),
    commits: m.createCounter('claude_code.commit.count'),
    pullRequests: m.createCounter('claude_code.pull_request.count'),
    lines: m.createCounter('claude_code.lines_of_code.count'),
    active: m.createCounter('claude_code.active_time.total', { unit: 's' }),
    decisions: m.createCounter('claude_code.code_edit_tool.decision'),
  };
}

async function exportWith(
  exporter: { export(metrics: any, done: (r: ExportResult) => void): void },
  reader: MetricReader,
): Promise<string> {
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length) return `collect-error: ${errors.join('; ')}`;
  const result = await new Promise<ExportResult>(done =>
    exporter.export(resourceMetrics, done),
  );
  return result.error ? `error: ${result.error.message}` : `code ${result.code}`;
}

async function main() {
  const [scenario, url, token] = process.argv.slice(2);
  const headers = { Authorization: `Bearer ${token}` };
  const results: string[] = [];
  if (scenario === 'delta-json') {
    const exporter = new OTLPJsonMetricExporter({
      url,
      headers,
      temporalityPreference: AggregationTemporalityPreference.DELTA,
    });
    const m = meter(AggregationTemporality.DELTA, {
      'team.id': 'payments',
      'user.email': 'elena.sokolova@acme.example',
      repo: 'payments-api',
    });
    const sonnet = { model: 'claude-sonnet-4-6' };
    m.cost.add(0.5, { ...sonnet, 'skill.name': 'code-review' });
    m.cost.add(0.25, { model: 'claude-opus-4-5', 'mcp_server.name': 'github' });
    m.tokens.add(1000, { ...sonnet, type: 'input' });
    m.tokens.add(200, { ...sonnet, type: 'output' });
    m.tokens.add(3000, { ...sonnet, type: 'cacheRead' });
    m.tokens.add(800, { ...sonnet, type: 'cacheCreation' });
    m.sessions.add(2);
    m.commits.add(3);
    m.pullRequests.add(1);
    m.lines.add(120, { type: 'added' });
    m.lines.add(30, { type: 'removed' });
    m.active.add(600);
    m.decisions.add(1, { decision: 'accept' });
    results.push(await exportWith(exporter, m.reader));
    // Delta: a second collection with nothing new exports nothing more.
    results.push(await exportWith(exporter, m.reader));
    await exporter.shutdown();
  } else if (scenario === 'cumulative-proto') {
    const exporter = new OTLPProtoMetricExporter({
      url,
      headers,
      temporalityPreference: AggregationTemporalityPreference.CUMULATIVE,
    });
    // No team.id: attributed through the User's e-mail to its group.
    const resource = { 'user.email': 'Arjun.Mehta@acme.example' };
    const haiku = { model: 'claude-haiku-4-5' };
    const first = meter(AggregationTemporality.CUMULATIVE, resource);
    first.cost.add(1, haiku);
    first.tokens.add(500, { ...haiku, type: 'input' });
    results.push(await exportWith(exporter, first.reader));
    first.cost.add(0.5, haiku);
    results.push(await exportWith(exporter, first.reader));
    // The same totals again add nothing.
    results.push(await exportWith(exporter, first.reader));
    // A restarted process: a new series start and a lower total.
    await new Promise(r => setTimeout(r, 5));
    const second = meter(AggregationTemporality.CUMULATIVE, resource);
    second.cost.add(0.2, haiku);
    results.push(await exportWith(exporter, second.reader));
    await exporter.shutdown();
  } else {
    throw new Error(`Unknown scenario ${scenario}`);
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch(error => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
