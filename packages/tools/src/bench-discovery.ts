/*
 * Benchmark: discovery of N SKILL.md folders from a local tree, through the
 * provider's reader and mapper (read, parse against the agentskills spec, build
 * the entity), next to a baseline that only reads the same files.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs \
 *     packages/tools/src/bench-discovery.ts [N]
 */
import {
  mkdtemp,
  mkdir,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSourceFiles } from '../../../plugins/catalog-backend-module-agent-platform/src/provider/readSources';
import { skillEntityFromFile } from '../../../plugins/catalog-backend-module-agent-platform/src/provider/skillEntity';

const count = Number(process.argv[2] ?? 2000);
const rounds = 5;

function skillMd(i: number) {
  return [
    '---',
    `name: skill-${i}`,
    `description: Generated skill number ${i}. Reviews a change against the checklist in references/ and reports findings; use when asked to review.`,
    'license: Apache-2.0',
    'metadata:',
    `  version: '1.${i % 10}.0'`,
    `  owner: team-${i % 50}`,
    `  scope: ${i % 3 === 0 ? 'org' : 'team'}`,
    '  eval-status: passing',
    'allowed-tools: Read Grep Glob Bash(git diff:*)',
    '---',
    '',
    `# Skill ${i}`,
    '',
    ...Array.from(
      { length: 40 },
      (_, l) => `${l + 1}. Step ${l + 1} of the review.`,
    ),
    '',
  ].join('\n');
}

async function baseline(root: string) {
  let bytes = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.name === 'SKILL.md') {
        bytes += (await readFile(path)).length;
      }
    }
  };
  await walk(root);
  return bytes;
}

async function discovery(root: string) {
  const files = await readSourceFiles(root, new Set(['SKILL.md']), {} as any);
  return files.map(f =>
    skillEntityFromFile(f, { defaultOwner: 'group:default/platform' }),
  );
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0] };
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'bench-skills-'));
  for (let i = 0; i < count; i++) {
    const dir = join(root, `group-${i % 20}`, `skill-${i}`);
    await mkdir(join(dir, 'references'), { recursive: true });
    await writeFile(join(dir, 'SKILL.md'), skillMd(i));
    await writeFile(join(dir, 'references', 'checklist.md'), '# Checklist\n');
  }
  // Warm the page cache and the JIT once, untimed.
  await baseline(root);
  const warm = await discovery(root);
  const errors = warm.filter(r => r.issues.some(i => i.severity === 'error'));
  if (warm.length !== count || errors.length > 0) {
    throw new Error(
      `expected ${count} clean skills, got ${warm.length} with ${errors.length} in error`,
    );
  }

  const base: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let t = process.hrtime.bigint();
    await baseline(root);
    base.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    await discovery(root);
    ours.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  await rm(root, { recursive: true, force: true });

  const b = stats(base);
  const o = stats(ours);
  console.log(
    `SKILL.md folders: ${count}, rounds: ${rounds}, node ${process.version}`,
  );
  console.log(`| what | median ms | min ms | per skill (median) |`);
  console.log(`| --- | --- | --- | --- |`);
  console.log(
    `| baseline: walk and read the files | ${b.median.toFixed(
      1,
    )} | ${b.min.toFixed(1)} | ${((b.median * 1000) / count).toFixed(1)} µs |`,
  );
  console.log(
    `| discovery: read, parse, validate, map to entities | ${o.median.toFixed(
      1,
    )} | ${o.min.toFixed(1)} | ${((o.median * 1000) / count).toFixed(1)} µs |`,
  );
  console.log(`heap used after the run: ${heapMb.toFixed(0)} MB`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
