#!/usr/bin/env node
/*
 * Builds the published CLI: one CommonJS file, dist/index.cjs.js, with the domain core
 * (@agent-platform/plugin-agent-platform-common) and its dependencies (yaml, zod, semver) bundled in,
 * so that `npx @agent-platform/agent-context check` installs a single package with no dependencies,
 * from whatever registry the organisation publishes it to.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
// --outdir: where dist/index.cjs.js goes (default this package's dist/; tests bundle elsewhere).
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = values.outdir ? resolve(values.outdir) : join(here, 'dist');
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: [join(here, 'src/index.ts')],
  outfile: join(outdir, 'index.cjs.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // The workspace core's package.json points at its TypeScript source (it has no `module`);
  // other dependencies' ES module builds come first: jsonc-parser's `main` is a UMD build whose
  // relative requires a bundle cannot follow.
  mainFields: ['module', 'main'],
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce(
  (sum, output) => sum + output.bytes,
  0,
);
console.log(
  `agent-context: ${join(outdir, "index.cjs.js")} (${Math.round(
    bytes / 1024,
  )} KiB, dependencies bundled)`,
);
