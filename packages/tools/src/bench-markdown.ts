/*
 * Benchmark: scanMarkdown on pathological input, at growing sizes.
 *
 *   yarn workspace @agent-platform/tools bench:markdown [scales] [runs]
 *
 * scanMarkdown (the core's Markdown masking, run on every CLAUDE.md, AGENTS.md and SKILL.md the
 * catalog reads) must stay linear in the size of its input, including on the inputs that make naive
 * scanners quadratic: backtick runs of every length with no closing run, many `<!--` openers with no
 * `-->`, and a long line of short code spans. For each scale (default 1, 2, 4, 8) the input grows
 * linearly, and the benchmark reports, in the same run:
 *   - scan: scanMarkdown, median of `runs` (default 5);
 *   - read (baseline): splitting the same text into characters and joining it back, which
 *     scanMarkdown does twice anyway;
 * and the time per MB of each. Linear means the scan's ms/MB stays flat as the scale grows.
 * This replaces a timed unit test (the brief keeps timings out of unit tests).
 */
import { scanMarkdown } from '@agent-platform/plugin-agent-platform-common';

const SCALES = (process.argv[2] ?? '1,2,4,8').split(',').map(Number);
const RUNS = Number(process.argv[3] ?? 5);

/** The pathological document at `scale`; its length grows linearly with the scale. */
export function pathologicalMarkdown(scale: number): string {
  // Backtick runs of lengths 1..m, separated by "a", never closed: about m²/2 characters.
  const m = Math.round(600 * Math.sqrt(scale));
  const runs = Array.from({ length: m }, (_, i) => '`'.repeat(i + 1)).join('a');
  return [
    runs,
    `x${'<!-- '.repeat(50000 * scale)}`,
    '`a` '.repeat(50000 * scale),
  ].join('\n\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => void): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function main() {
  const rows: string[] = [];
  for (const scale of SCALES) {
    const text = pathologicalMarkdown(scale);
    const mb = text.length / 1e6;
    const scan: number[] = [];
    const read: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Alternate the two sides so that load on the machine falls on both.
      read.push(time(() => text.split('').join('')));
      scan.push(time(() => scanMarkdown(text)));
    }
    const s = median(scan);
    const r = median(read);
    rows.push(
      `| ${scale} | ${mb.toFixed(2)} | ${s.toFixed(0)} | ${(s / mb).toFixed(
        0,
      )} | ${r.toFixed(0)} | ${(r / mb).toFixed(0)} |`,
    );
  }
  process.stdout.write(
    [
      `scanMarkdown on pathological input, median of ${RUNS}`,
      '',
      '| scale | MB | scan ms | scan ms/MB | read ms (baseline) | read ms/MB |',
      '| ----- | -- | ------- | ---------- | ------------------ | ---------- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  main();
}
