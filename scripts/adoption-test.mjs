#!/usr/bin/env node
/*
 * The adoption test: a new platform engineer's path from a stock Backstage app to a working suite,
 * following docs/install.md to the letter. `.ci/run` runs it.
 *
 *   node scripts/adoption-test.mjs [--work <dir>] [--keep] [--tarballs <dir>] [--port 7160]
 *
 * 1. Packs the published packages (`yarn build:packages`, then scripts/pack-packages.mjs), unless
 *    --tarballs names a folder that already holds them.
 * 2. Generates a stock app: `echo app | npx -y @backstage/create-app@0.8.4 --skip-install`.
 * 3. Harness only, committed in the app's git before the adopter's changes so that they are not
 *    counted: the app's `@backstage/*` dependencies are raised to versions this machine's npm mirror
 *    holds (what `backstage-cli versions:bump` does against the real registry), the mirror's gaps are
 *    pinned (scripts/adoption-mirror-resolutions.json, toolchain.md), and each `@agent-platform/*`
 *    package resolves to its tarball (standing in for the registry they are published to).
 * 4. Applies every block of docs/install.md marked `<!-- adoption: ... -->`, exactly as written
 *    (`/srv/agent-platform` becomes a copy of examples/ in a folder outside this repository), and
 *    prints the adopter's diff size (`git diff --numstat`, yarn.lock aside).
 * 5. `yarn install` (writing the app's new lockfile, as an adopter's install does, also under CI=true
 *    where Yarn would otherwise install immutably), `yarn tsc`, builds the app, starts the backend
 *    (which serves the built app through the app-backend plugin) and checks: the catalog accepts and
 *    discovers the suite's kinds, the agent-platform routes answer, and the pages render in Chromium.
 *
 * Prints the time of each step. Exits non-zero naming the step that failed. The pieces are in
 * scripts/adoption/: installDocs.mjs (the docs' blocks), mirror.mjs (the npm mirror), checks.mjs.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  adopterDiff,
  adoptionBlocks,
  applyBlocks,
} from './adoption/installDocs.mjs';
import {
  alignBackstageVersions,
  installWithMirrorGaps,
  knownVersions,
} from './adoption/mirror.mjs';
import {
  catalogDiscovers,
  getter,
  guestToken,
  pagesRender,
  routesAnswer,
} from './adoption/checks.mjs';
import {
  commitAll,
  readJson,
  sh,
  waitFor,
  writeJson,
} from './adoption/util.mjs';

const root = resolve(import.meta.dirname, '..');

const { values: args } = parseArgs({
  options: {
    work: { type: 'string' },
    keep: { type: 'boolean', default: false },
    tarballs: { type: 'string' },
    port: { type: 'string', default: '7160' },
    'skip-browser': { type: 'boolean', default: false },
    // For working on this script: reuse the installed, wired app of an earlier run in --work.
    reuse: { type: 'boolean', default: false },
  },
});
const port = Number(args.port);
const work = args.work
  ? resolve(args.work)
  : mkdtempSync(join(tmpdir(), 'agent-platform-adoption-'));
mkdirSync(work, { recursive: true });
const appDir = join(work, 'app');
const orgDir = join(work, 'org-files');
const yarnRelease = '.yarn/releases/yarn-4.13.0.cjs';
const CREATE_APP = '@backstage/create-app@0.8.4';

const timings = [];
const backendLog = [];
let backendChild;
let currentStep = 'start';
async function step(name, fn) {
  currentStep = name;
  const started = Date.now();
  process.stdout.write(`adoption: ${name} ...\n`);
  const result = await fn();
  const seconds = (Date.now() - started) / 1000;
  timings.push([name, seconds]);
  process.stdout.write(`adoption: ${name} done in ${seconds.toFixed(1)} s\n`);
  return result;
}

/** Yarn in the adopted app. Its install writes the app's lockfile, as an adopter's does, even
 * under CI=true (where Yarn otherwise installs immutably); this repository's own installs stay
 * immutable in CI. */
const yarnIn = (dir, yarnArgs, options = {}) =>
  sh(process.execPath, [join(appDir, yarnRelease), ...yarnArgs], {
    cwd: dir,
    ...options,
    env: {
      ...process.env,
      npm_config_nodedir: '/usr',
      YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
      ...options.env,
    },
  });

function stopBackend() {
  if (!backendChild) return;
  try {
    process.kill(-backendChild.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
process.on('exit', stopBackend);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function packTarballs() {
  if (args.tarballs) return resolve(args.tarballs);
  return step('build and pack the packages', () => {
    sh(process.execPath, [join(root, yarnRelease), 'build:packages'], {
      cwd: root,
      quiet: true,
    });
    const out = join(work, 'tarballs');
    sh(
      process.execPath,
      [join(root, 'scripts/pack-packages.mjs'), '--out', out],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    return out;
  });
}

/** name -> { file, version } of each packed tarball. */
function readTarballs(tarballs) {
  const packed = new Map();
  for (const file of readdirSync(tarballs).filter(f => f.endsWith('.tgz'))) {
    const manifest = JSON.parse(
      sh('tar', ['-xzOf', join(tarballs, file), 'package/package.json'], {
        quiet: true,
      }),
    );
    packed.set(manifest.name, {
      file: join(tarballs, file),
      version: manifest.version,
    });
  }
  return packed;
}

async function createStockApp() {
  await step(`create a stock app (${CREATE_APP})`, () => {
    rmSync(appDir, { recursive: true, force: true });
    sh(
      'sh',
      ['-c', `echo app | npx -y ${CREATE_APP} --skip-install --path ${appDir}`],
      { cwd: work, quiet: true },
    );
    if (!existsSync(join(appDir, '.git'))) {
      sh('git', ['init', '-q'], { cwd: appDir });
      commitAll(appDir, 'stock app');
    }
  });
}

async function harness(packed) {
  await step('harness: mirror versions and tarballs (not counted)', () => {
    const raised = alignBackstageVersions(appDir, knownVersions());
    const pkg = readJson(join(appDir, 'package.json'));
    Object.assign(
      pkg.resolutions,
      readJson(join(root, 'scripts/adoption-mirror-resolutions.json')),
    );
    // The mirror's newest signals backend (0.3.21) belongs to the next release line: it needs
    // backend-defaults' WebSocket support, which the 1.52 line (backend-defaults 0.18) lacks.
    pkg.resolutions['@backstage/plugin-signals-backend'] = '0.3.19';
    for (const [name, { file }] of packed)
      pkg.resolutions[name] = `file:${file}`;
    writeJson(join(appDir, 'package.json'), pkg);
    commitAll(appDir, 'harness: mirror versions, tarballs');
    process.stdout.write(
      `adoption: ${raised} @backstage/* ranges raised to versions the mirror holds\n`,
    );
  });
}

async function startBackend(env) {
  return step('start the backend', async () => {
    backendChild = spawn(
      process.execPath,
      [join(appDir, yarnRelease), 'start'],
      {
        cwd: join(appDir, 'packages/backend'),
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    backendChild.stdout.on('data', d => backendLog.push(String(d)));
    backendChild.stderr.on('data', d => backendLog.push(String(d)));
    await waitFor(
      'the backend',
      async () => {
        if (backendChild.exitCode !== null)
          throw new Error(`the backend exited (${backendChild.exitCode})`);
        return (
          await fetch(`http://localhost:${port}/.backstage/health/v1/readiness`)
        ).ok;
      },
      600,
      2000,
    );
  });
}

async function main() {
  const install = readFileSync(join(root, 'docs/install.md'), 'utf8');
  const blocks = adoptionBlocks(install);
  if (blocks.length === 0)
    throw new Error('docs/install.md has no adoption blocks');

  const packed = readTarballs(await packTarballs());
  const reuse = args.reuse && existsSync(join(appDir, 'node_modules'));
  if (!reuse) {
    await createStockApp();
    await harness(packed);
  }

  const adopter = await step('apply docs/install.md', () => {
    rmSync(orgDir, { recursive: true, force: true });
    cpSync(join(root, 'examples'), orgDir, { recursive: true });
    // With --reuse: back to the harness commit, then the docs' blocks again.
    if (reuse) sh('git', ['checkout', '--', '.'], { cwd: appDir });
    applyBlocks({ appDir, orgDir, blocks, packed, known: knownVersions() });
    return adopterDiff(appDir, blocks);
  });
  const adopterLines = adopter.added + adopter.removed;
  process.stdout.write(
    `adoption: ${adopterLines} lines changed by the adopter in ${adopter.files} files (+${adopter.added} -${adopter.removed}; ${adopter.blockLines} lines in docs/install.md's blocks)\n`,
  );
  for (const [a, r, file] of adopter.numstat)
    process.stdout.write(`  +${a} -${r} ${file}\n`);

  await step('yarn install', () =>
    installWithMirrorGaps(appDir, () =>
      yarnIn(appDir, ['install'], { quiet: true }),
    ),
  );
  await step('yarn tsc', () => yarnIn(appDir, ['tsc'], { quiet: true }));
  const base = `http://localhost:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    APP_CONFIG_backend_listen_port: String(port),
    APP_CONFIG_backend_baseUrl: base,
    APP_CONFIG_app_baseUrl: base,
    APP_CONFIG_backend_cors_origin: base,
  };
  await step('build the app', () =>
    yarnIn(join(appDir, 'packages/app'), ['build'], { quiet: true, env }),
  );
  await startBackend(env);

  const get = getter(
    base,
    await step('sign in as guest', () => guestToken(base)),
  );
  const discovered = await step("catalog discovers the suite's kinds", () =>
    catalogDiscovers(get),
  );
  process.stdout.write(
    `adoption: catalog holds ${JSON.stringify(discovered)} from ${orgDir}\n`,
  );
  const routes = await step('agent-platform routes answer', () =>
    routesAnswer(get),
  );
  process.stdout.write(
    `adoption: ${routes.length} routes answered: ${routes.join(', ')}\n`,
  );

  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!args['skip-browser'] && !existsSync(chromiumPath)) {
    process.stdout.write(
      `adoption: no Chromium at ${chromiumPath} (apt-get install chromium, or CHROMIUM_PATH); the pages are NOT checked\n`,
    );
  } else if (!args['skip-browser']) {
    const shots = join(work, 'screenshots');
    const pages = await step('pages render in Chromium', () =>
      pagesRender({ base, chromiumPath, shots }),
    );
    if (pages.errors.length)
      process.stdout.write(
        `adoption: page errors: ${pages.errors.join('; ')}\n`,
      );
    process.stdout.write(
      `adoption: ${pages.checked.length} pages rendered: ${pages.checked.join(
        ', ',
      )} (screenshots in ${shots})\n`,
    );
  }

  stopBackend();
  const total = timings.reduce((n, [, s]) => n + s, 0);
  process.stdout.write('\nadoption: timings\n');
  for (const [name, seconds] of timings)
    process.stdout.write(`  ${seconds.toFixed(1).padStart(7)} s  ${name}\n`);
  process.stdout.write(`  ${total.toFixed(1).padStart(7)} s  total\n`);
  process.stdout.write(`adoption: passed (${adopterLines} adopter lines)\n`);
  if (!args.keep && !args.work) rmSync(work, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(
      `adoption: FAILED at "${currentStep}": ${error.stack ?? error}\n`,
    );
    if (backendLog.length) {
      process.stderr.write(
        `adoption: the backend's last output:\n${backendLog
          .join('')
          .split('\n')
          .filter(line => !line.includes('incomingRequest'))
          .slice(-60)
          .join('\n')}\n`,
      );
    }
    process.stderr.write(`adoption: work folder kept: ${work}\n`);
    process.exit(1);
  },
);
