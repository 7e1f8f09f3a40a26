/*
 * Benchmark: near-duplicate detection over many skills.
 *
 *   cd plugins/agent-platform-backend
 *   yarn workspace @agent-platform/tools bench:near-duplicates [skills] [runs]
 *
 * Generates skills (default 5,000) whose texts are 150-600 words drawn from a Zipf-distributed
 * vocabulary of 4,000 words (so that unrelated skills share common words, as real ones do); one in
 * ten is a near-copy of an earlier skill with 5-40% of its words changed and a sentence added. Then
 * measures, in the same run:
 *   - minhash-lsh: findNearDuplicateSkills as the backend runs it (median of `runs`, default 3);
 *   - all-pairs: the same function comparing every pair exactly (the baseline, one run);
 * and the recall of minhash-lsh against all-pairs (pairs at or above the threshold).
 */
import {
  findNearDuplicateSkills,
  NearDuplicateSkillInput,
} from '@agent-platform/plugin-agent-platform-common';
import { cpus } from 'node:os';

const SKILLS = Number(process.argv[2] ?? 5000);
const RUNS = Number(process.argv[3] ?? 3);

/** mulberry32: a small seeded PRNG, so that every run sees the same skills. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(count: number): NearDuplicateSkillInput[] {
  const random = prng(42);
  const vocabulary = Array.from({ length: 4000 }, (_, i) => `word${i}`);
  // Zipf (s = 1): cumulative weights, sampled by binary search.
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < vocabulary.length; i++) {
    sum += 1 / (i + 1);
    cumulative.push(sum);
  }
  const word = () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo];
  };
  const skills: NearDuplicateSkillInput[] = [];
  for (let i = 0; i < count; i++) {
    const team = `group:default/team-${i % 400}`;
    if (i > 0 && random() < 0.1) {
      const original = skills[Math.floor(random() * skills.length)];
      const rate = 0.05 + random() * 0.35;
      const body = original
        .body!.split(' ')
        .map(w => (random() < rate ? word() : w))
        .join(' ');
      skills.push({
        ref: `airesource:default/skill-${i}`,
        name: `skill-${i}`,
        description: original.description,
        body: `${body} ${word()} ${word()} ${word()} ${word()}`,
        scope: 'team',
        owner: team,
      });
      continue;
    }
    const length = 150 + Math.floor(random() * 450);
    skills.push({
      ref: `airesource:default/skill-${i}`,
      name: `skill-${i}`,
      description: Array.from({ length: 20 }, word).join(' '),
      body: Array.from({ length }, word).join(' '),
      scope: random() < 0.2 ? 'org' : 'team',
      owner: team,
    });
  }
  return skills;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const skills = generate(SKILLS);
const lshRuns = Array.from({ length: RUNS }, () =>
  time(() => findNearDuplicateSkills(skills)),
);
const lshMs = lshRuns.map(r => r.ms).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
const lsh = lshRuns[0].value;
const exact = time(() =>
  findNearDuplicateSkills(skills, { strategy: 'all-pairs' }),
);
const key = (p: { a: string; b: string }) => `${p.a}|${p.b}`;
const found = new Set(lsh.pairs.map(key));
const recall =
  exact.value.pairs.length === 0
    ? 1
    : exact.value.pairs.filter(p => found.has(key(p))).length /
      exact.value.pairs.length;
const falsePositives = lsh.pairs.filter(
  p => !new Set(exact.value.pairs.map(key)).has(key(p)),
).length;

console.log(
  `Near-duplicate detection, ${SKILLS} skills, threshold ${lsh.threshold}; Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model})`,
);
console.log('');
console.log('| strategy | time | pairs compared exactly | pairs found | recall vs all-pairs |');
console.log('|---|---|---|---|---|');
console.log(
  `| minhash-lsh (42 bands x 3 rows), median of ${RUNS} | ${(lshMs / 1000).toFixed(2)} s | ${lsh.candidatesChecked.toLocaleString('en-US')} | ${lsh.pairs.length} | ${(recall * 100).toFixed(1)}% (${falsePositives} not in all-pairs) |`,
);
console.log(
  `| all-pairs (baseline), 1 run | ${(exact.ms / 1000).toFixed(2)} s | ${exact.value.candidatesChecked.toLocaleString('en-US')} | ${exact.value.pairs.length} | 100% |`,
);
console.log('');
console.log(`Speed-up: ${(exact.ms / lshMs).toFixed(1)}x`);
