#!/usr/bin/env node
/*
 * Packs every published workspace (the ones without `"private": true`) into a folder of tarballs,
 * as `yarn npm publish` would upload them (`workspace:^` ranges become versions, prepack swaps
 * `main`/`types` to dist), and optionally checks each one with `npm publish --dry-run`.
 * Run `yarn build:packages` first.
 *
 *   node scripts/pack-packages.mjs [--out dist-packs] [--publish-dry-run]
 *
 * Prints one line per package: name, tarball, size and file count.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'dist-packs' },
    'publish-dry-run': { type: 'boolean', default: false },
  },
});
const out = resolve(root, values.out);
mkdirSync(out, { recursive: true });
const yarn = join(root, '.yarn/releases/yarn-4.13.0.cjs');

/** The published workspaces, in dependency order (the core first). */
export function publishedWorkspaces() {
  const found = [];
  for (const parent of ['plugins', 'packages']) {
    for (const name of readdirSync(join(root, parent))) {
      const file = join(root, parent, name, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (!pkg.private) found.push({ dir: join(root, parent, name), pkg });
    }
  }
  return found.sort(
    (a, b) =>
      Number(b.pkg.backstage?.role === 'common-library') -
      Number(a.pkg.backstage?.role === 'common-library'),
  );
}

let failed = false;
for (const { dir, pkg } of publishedWorkspaces()) {
  const missing = ['dist'].filter(d => !existsSync(join(dir, d)));
  if (missing.length) {
    console.error(
      `${pkg.name}: no dist/ folder; run \`yarn build:packages\` first`,
    );
    failed = true;
    continue;
  }
  const tarball = join(
    out,
    `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`,
  );
  execFileSync(process.execPath, [yarn, 'pack', '--out', tarball], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .trim()
    .split('\n');
  console.log(
    `${pkg.name}@${pkg.version}: ${tarball} (${Math.round(
      statSync(tarball).size / 1024,
    )} KiB, ${files.length} files)`,
  );
  if (values['publish-dry-run']) {
    try {
      execFileSync(
        'npm',
        ['publish', '--dry-run', '--access', 'public', tarball],
        {
          cwd: out,
          stdio: ['ignore', 'ignore', 'pipe'],
          encoding: 'utf8',
        },
      );
      console.log(`  npm publish --dry-run: ok`);
    } catch (e) {
      console.error(
        `  npm publish --dry-run failed:\n${e.stderr ?? e.message}`,
      );
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
