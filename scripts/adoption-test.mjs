#!/usr/bin/env node
/*
 * The adoption test: a new platform engineer's path from a stock Backstage app to a working suite,
 * following docs/install.md to the letter.
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
 * 5. `yarn install`, `yarn tsc`, builds the app, starts the backend (which serves the built app
 *    through the app-backend plugin) and checks: the catalog accepts and discovers the suite's
 *    kinds, the agent-platform routes answer, and the pages render in Chromium.
 *
 * Prints the time of each step. Exits non-zero naming the step that failed.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const YAML = require('yaml');
const semver = require('semver');

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
const PLACEHOLDER = '/srv/agent-platform';

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

function sh(cmd, cmdArgs, options = {}) {
  return execFileSync(cmd, cmdArgs, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: options.quiet
      ? ['ignore', 'pipe', 'pipe']
      : ['ignore', 'pipe', 'inherit'],
    ...options,
  });
}
const yarnIn = (dir, yarnArgs, options = {}) =>
  sh(process.execPath, [join(appDir, yarnRelease), ...yarnArgs], {
    cwd: dir,
    ...options,
    env: { ...process.env, npm_config_nodedir: '/usr', ...options.env },
  });

const readJson = file => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, data) =>
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);

// ---------------------------------------------------------------------------------------------
// docs/install.md: the blocks an adopter applies
// ---------------------------------------------------------------------------------------------

/** Every `<!-- adoption: <action> <args> -->` marker with the fenced block after it. */
export function adoptionBlocks(markdown) {
  const blocks = [];
  const re =
    /<!-- adoption: (\S+) ([^\n]*?) -->\s*\n\s*```(\w+)\n([\s\S]*?)\n```/g;
  for (const m of markdown.matchAll(re)) {
    blocks.push({ action: m[1], args: m[2].trim(), lang: m[3], body: m[4] });
  }
  return blocks;
}

/** The package names of a `yarn ... add <names>` line (line continuations joined). */
function addedPackages(body) {
  const words = body.replace(/\\\n/g, ' ').split(/\s+/).filter(Boolean);
  const at = words.indexOf('add');
  if (words[0] !== 'yarn' || at < 0) {
    throw new Error(`Not a yarn add command: ${body}`);
  }
  return words.slice(at + 1).filter(w => !w.startsWith('-'));
}

/** Adds `patch` to `doc` at `path`: maps merge, lists are appended to, scalars replace. */
function mergeInto(doc, path, patch) {
  if (patch && typeof patch === 'object' && !Array.isArray(patch)) {
    const existing = doc.getIn(path, true);
    if (existing === undefined || existing === null || !YAML.isMap(existing)) {
      doc.setIn(path, createNode(doc, patch));
      return;
    }
    for (const [key, value] of Object.entries(patch)) {
      mergeInto(doc, [...path, key], value);
    }
    return;
  }
  if (Array.isArray(patch)) {
    const existing = doc.getIn(path, true);
    if (YAML.isSeq(existing)) {
      for (const item of patch) existing.items.push(createNode(doc, item));
      return;
    }
  }
  doc.setIn(path, createNode(doc, patch));
}

/** A YAML node written as a person would: lists of scalars in flow style (`[a, b]`). */
function createNode(doc, value) {
  const node = doc.createNode(value);
  YAML.visit(node, {
    Seq(_, seq) {
      if (seq.items.every(item => YAML.isScalar(item))) seq.flow = true;
    },
  });
  return node;
}

/** Keeps a comment under a key whose value is empty where it was (the library moves it up). */
function keepCommentsInPlace(original, written) {
  return written.replace(
    /^(\S[^:\n]*):[ ]+(#[^\n]*)$/gm,
    (line, key, comment) =>
      original.includes(`${key}:\n  ${comment}`)
        ? `${key}:\n  ${comment}`
        : line,
  );
}

// ---------------------------------------------------------------------------------------------
// Harness: versions this machine's mirror holds
// ---------------------------------------------------------------------------------------------

/** Versions of each package this repository's lockfile and the Yarn cache already hold. */
function knownVersions() {
  const known = new Map();
  const note = (name, version) => {
    if (!semver.valid(version)) return;
    const prev = known.get(name);
    if (!prev || semver.gt(version, prev)) known.set(name, version);
  };
  const lock = readFileSync(join(root, 'yarn.lock'), 'utf8');
  for (const m of lock.matchAll(
    /^"?(@?[^@\s"]+)@npm:[^\n]*\n {2}version: ([^\s]+)/gm,
  )) {
    note(m[1], m[2]);
  }
  const cache = join(homedir(), '.yarn/berry/cache');
  if (existsSync(cache)) {
    for (const file of readdirSync(cache)) {
      const m =
        /^@([a-z0-9-]+?)-([a-z0-9.-]+)-npm-(\d+\.\d+\.\d+[^-]*)-[0-9a-f]+-/.exec(
          file,
        );
      if (m) note(`@${m[1]}/${m[2]}`, m[3]);
    }
  }
  return known;
}

function alignBackstageVersions(known) {
  let raised = 0;
  for (const file of [
    'package.json',
    'packages/app/package.json',
    'packages/backend/package.json',
  ]) {
    const path = join(appDir, file);
    const pkg = readJson(path);
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        if (!name.startsWith('@backstage/')) continue;
        const newest = known.get(name);
        const min = semver.minVersion(range);
        if (newest && min && semver.gt(newest, min.version)) {
          pkg[field][name] = `^${newest}`;
          raised++;
        }
      }
    }
    writeJson(path, pkg);
  }
  return raised;
}

/** `yarn install`, pinning each mirror gap (YN0082) to the newest published version, a few rounds. */
function installWithMirrorGaps() {
  for (let round = 0; round < 15; round++) {
    try {
      yarnIn(appDir, ['install'], { quiet: true });
      return round;
    } catch (error) {
      const out = `${error.stdout ?? ''}${error.stderr ?? ''}`;
      const gap =
        /YN0082: [^\n]*?(@?[^@\s│]+@npm:[^:\s]+): No candidates found/.exec(
          out,
        );
      if (!gap) {
        process.stderr.write(
          out
            .split('\n')
            .filter(
              l =>
                /YN00(0[1-9]|[1-9]\d)|Error/.test(l) &&
                !/YN0007|YN0013|YN0060|YN0002|YN0086/.test(l),
            )
            .slice(-40)
            .join('\n'),
        );
        throw new Error('yarn install failed (see above)');
      }
      const descriptor = gap[1];
      const name = descriptor.slice(0, descriptor.lastIndexOf('@npm:'));
      const versions = JSON.parse(
        sh('npm', ['view', name, 'versions', '--json'], { quiet: true }),
      );
      const newest = [versions]
        .flat()
        .filter(v => !semver.prerelease(v))
        .pop();
      process.stdout.write(
        `adoption: mirror gap ${descriptor}; pinned to ${newest}\n`,
      );
      const pkg = readJson(join(appDir, 'package.json'));
      pkg.resolutions[descriptor] = newest;
      writeJson(join(appDir, 'package.json'), pkg);
    }
  }
  throw new Error('yarn install: too many mirror gaps');
}

// ---------------------------------------------------------------------------------------------
// Running the backend and checking it
// ---------------------------------------------------------------------------------------------

async function waitFor(what, check, seconds) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `${what} not within ${seconds} s${last ? `: ${last.message}` : ''}`,
  );
}

/** The adopter's changes: the app's diff against the harness commit, yarn.lock aside. */
function adopterDiff(blocks) {
  const numstat = sh('git', ['diff', '--numstat'], { cwd: appDir, quiet: true })
    .trim()
    .split('\n')
    .filter(Boolean)
    .map(line => line.split('\t'))
    .filter(([, , file]) => file !== 'yarn.lock');
  const added = numstat.reduce((n, [a]) => n + Number(a), 0);
  const removed = numstat.reduce((n, [, r]) => n + Number(r), 0);
  const blockLines = blocks.reduce((n, b) => n + b.body.split('\n').length, 0);
  return { files: numstat.length, added, removed, numstat, blockLines };
}

async function main() {
  const install = readFileSync(join(root, 'docs/install.md'), 'utf8');
  const blocks = adoptionBlocks(install);
  if (blocks.length === 0)
    throw new Error('docs/install.md has no adoption blocks');

  const tarballs = args.tarballs
    ? resolve(args.tarballs)
    : await step('build and pack the packages', () => {
        sh(process.execPath, [join(root, yarnRelease), 'build:packages'], {
          cwd: root,
          quiet: true,
        });
        const out = join(work, 'tarballs');
        sh(
          process.execPath,
          [join(root, 'scripts/pack-packages.mjs'), '--out', out],
          {
            cwd: root,
            stdio: ['ignore', 'inherit', 'inherit'],
          },
        );
        return out;
      });
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

  const reuse = args.reuse && existsSync(join(appDir, 'node_modules'));
  if (!reuse)
    await step(`create a stock app (${CREATE_APP})`, () => {
      rmSync(appDir, { recursive: true, force: true });
      sh(
        'sh',
        [
          '-c',
          `echo app | npx -y ${CREATE_APP} --skip-install --path ${appDir}`,
        ],
        {
          cwd: work,
          quiet: true,
        },
      );
      if (!existsSync(join(appDir, '.git'))) {
        sh('git', ['init', '-q'], { cwd: appDir });
        sh('git', ['add', '-A'], { cwd: appDir });
        sh(
          'git',
          [
            '-c',
            'user.name=adoption',
            '-c',
            'user.email=adoption@localhost',
            'commit',
            '-qm',
            'stock app',
          ],
          { cwd: appDir },
        );
      }
    });

  if (!reuse)
    await step('harness: mirror versions and tarballs (not counted)', () => {
      const raised = alignBackstageVersions(knownVersions());
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
      sh('git', ['add', '-A'], { cwd: appDir });
      sh(
        'git',
        [
          '-c',
          'user.name=adoption',
          '-c',
          'user.email=adoption@localhost',
          'commit',
          '-qm',
          'harness: mirror versions, tarballs',
        ],
        { cwd: appDir },
      );
      process.stdout.write(
        `adoption: ${raised} @backstage/* ranges raised to versions the mirror holds\n`,
      );
    });

  const adopter = await step('apply docs/install.md', () => {
    cpSync(join(root, 'examples'), orgDir, { recursive: true });
    if (reuse) {
      // Back to the harness commit, then the docs' blocks again.
      sh('git', ['checkout', '--', '.'], { cwd: appDir });
    }
    const known = knownVersions();
    let pendingReplace;
    for (const block of blocks) {
      const text = block.body.split(PLACEHOLDER).join(orgDir);
      if (block.action === 'add-dependencies') {
        const file = join(appDir, block.args, 'package.json');
        const pkg = readJson(file);
        for (const name of addedPackages(text)) {
          const version = packed.get(name)?.version ?? known.get(name);
          if (!version) throw new Error(`No version known for ${name}`);
          pkg.dependencies[name] = `^${version}`;
        }
        pkg.dependencies = Object.fromEntries(
          Object.entries(pkg.dependencies).sort(([a], [b]) =>
            a.localeCompare(b),
          ),
        );
        writeJson(file, pkg);
      } else if (block.action === 'insert') {
        const m = /^(\S+) before (.+)$/.exec(block.args);
        const file = join(appDir, m[1]);
        const source = readFileSync(file, 'utf8');
        const at = source.indexOf(m[2]);
        if (at < 0) throw new Error(`${m[1]} has no line ${m[2]}`);
        writeFileSync(
          file,
          `${source.slice(0, at)}${text}\n${source.slice(at)}`,
        );
      } else if (block.action === 'replace') {
        pendingReplace = { file: join(appDir, block.args), text };
      } else if (block.action === 'with') {
        if (
          !pendingReplace ||
          pendingReplace.file !== join(appDir, block.args)
        ) {
          throw new Error(
            `"with ${block.args}" without a "replace" of the same file before it`,
          );
        }
        const source = readFileSync(pendingReplace.file, 'utf8');
        if (!source.includes(pendingReplace.text)) {
          throw new Error(
            `${block.args} does not contain:\n${pendingReplace.text}`,
          );
        }
        writeFileSync(
          pendingReplace.file,
          source.replace(pendingReplace.text, text),
        );
        pendingReplace = undefined;
      } else if (block.action === 'merge') {
        const file = join(appDir, block.args);
        const original = readFileSync(file, 'utf8');
        const doc = YAML.parseDocument(original);
        mergeInto(doc, [], YAML.parse(text));
        writeFileSync(
          file,
          keepCommentsInPlace(
            original,
            doc.toString({ lineWidth: 0, flowCollectionPadding: false }),
          ),
        );
      } else {
        throw new Error(`Unknown adoption action ${block.action}`);
      }
    }
    return adopterDiff(blocks);
  });
  process.stdout.write(
    `adoption: ${
      adopter.added + adopter.removed
    } lines changed by the adopter in ${adopter.files} files (+${
      adopter.added
    } -${adopter.removed}; ${
      adopter.blockLines
    } lines in docs/install.md's blocks)\n`,
  );
  for (const [a, r, file] of adopter.numstat)
    process.stdout.write(`  +${a} -${r} ${file}\n`);

  await step('yarn install', () => installWithMirrorGaps());
  await step('yarn tsc', () => yarnIn(appDir, ['tsc'], { quiet: true }));
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    APP_CONFIG_backend_listen_port: String(port),
    APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
    APP_CONFIG_app_baseUrl: `http://localhost:${port}`,
    APP_CONFIG_backend_cors_origin: `http://localhost:${port}`,
  };
  await step('build the app', () =>
    yarnIn(join(appDir, 'packages/app'), ['build'], { quiet: true, env }),
  );

  const backend = await step('start the backend', async () => {
    const child = spawn(
      process.execPath,
      [join(appDir, yarnRelease), 'start'],
      {
        cwd: join(appDir, 'packages/backend'),
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    backendChild = child;
    child.stdout.on('data', d => backendLog.push(String(d)));
    child.stderr.on('data', d => backendLog.push(String(d)));
    await waitFor(
      'the backend',
      async () =>
        (
          await fetch(`http://localhost:${port}/.backstage/health/v1/readiness`)
        ).ok,
      240,
    );
    return child;
  });
  const stop = () => {
    try {
      process.kill(-backend.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);

  const base = `http://localhost:${port}`;
  const token = await step('sign in as guest', async () => {
    const res = await fetch(`${base}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    const body = await res.json();
    if (!body.backstageIdentity?.token)
      throw new Error(`guest sign-in answered ${res.status}`);
    return body.backstageIdentity.token;
  });
  const get = async path => {
    const res = await fetch(`${base}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return {
      status: res.status,
      body: res.headers.get('content-type')?.includes('json')
        ? await res.json()
        : await res.text(),
    };
  };

  const discovered = await step("catalog discovers the suite's kinds", () =>
    waitFor(
      'skills, MCP servers, the org base and team configs in the catalog',
      async () => {
        const { body } = await get(
          '/api/catalog/entities?filter=kind=airesource&filter=kind=api,spec.type=mcp-server&fields=kind,metadata.name,spec.type',
        );
        const count = type => body.filter(e => e.spec?.type === type).length;
        const found = {
          skills: count('skill'),
          'agent configs': count('agent-config'),
          'mcp servers': count('mcp-server'),
        };
        const bases = (
          await get('/api/catalog/entities/by-name/airesource/default/org-base')
        ).status;
        return found.skills > 0 &&
          found['agent configs'] > 0 &&
          found['mcp servers'] > 0 &&
          bases === 200
          ? found
          : undefined;
      },
      240,
    ),
  );
  process.stdout.write(
    `adoption: catalog holds ${JSON.stringify(discovered)} from ${orgDir}\n`,
  );

  const routes = await step('agent-platform routes answer', async () => {
    const checked = [];
    const expectOk = async path => {
      const res = await waitFor(
        path,
        async () => {
          const r = await get(path);
          return r.status === 200 ? r : undefined;
        },
        120,
      );
      checked.push(path);
      return res.body;
    };
    const overview = await expectOk('/api/agent-platform/overview');
    if (!overview || typeof overview !== 'object')
      throw new Error('overview is not JSON');
    await expectOk(
      '/api/agent-platform/teams/default/payments/approved-assets',
    );
    await expectOk(
      '/api/agent-platform/entities/group/default/payments/effective-config',
    );
    await expectOk('/.well-known/skills/index.json');
    return checked;
  });
  process.stdout.write(
    `adoption: ${routes.length} routes answered: ${routes.join(', ')}\n`,
  );

  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!args['skip-browser'] && !existsSync(chromiumPath)) {
    process.stdout.write(
      `adoption: no Chromium at ${chromiumPath} (apt-get install chromium, or CHROMIUM_PATH); the pages are NOT checked\n`,
    );
  } else if (!args['skip-browser']) {
    const pages = await step('pages render in Chromium', async () => {
      const { chromium } = require('playwright-core');
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      const shots = join(work, 'screenshots');
      mkdirSync(shots, { recursive: true });
      const checked = [];
      try {
        const page = await browser.newPage({
          viewport: { width: 1280, height: 900 },
        });
        const errors = [];
        page.on('pageerror', e => errors.push(e.message));
        await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
        // The stock app signs in as guest from its sign-in page, when it shows one.
        const guest = page
          .getByRole('button', { name: /enter|guest|sign in/i })
          .first();
        await guest.click({ timeout: 15000 }).catch(() => undefined);
        // A page shows the snapshot as it was when it loaded: the first one may
        // have been built before discovery finished, so reload until it has.
        const visit = async (path, text) => {
          for (let attempt = 1; ; attempt++) {
            await page.goto(`${base}${path}`, { waitUntil: 'domcontentloaded' });
            try {
              await page.getByText(text).first().waitFor({ timeout: 15000 });
              break;
            } catch (error) {
              if (attempt === 8) throw error;
            }
          }
          await page.screenshot({
            path: join(shots, `${path.replace(/\W+/g, '_') || 'root'}.png`),
          });
          checked.push(path);
        };
        // What each page must show once the suite's data arrived, not just its titles.
        await visit('/agent-platform', /2\.4\.0/);
        await visit(
          '/catalog/default/group/payments',
          /org-base@\d+\.\d+\.\d+/,
        );
        await visit(
          '/catalog/default/component/payments-api',
          /org-base@\d+\.\d+\.\d+/,
        );
        if (errors.length)
          process.stdout.write(`adoption: page errors: ${errors.join('; ')}\n`);
      } finally {
        await browser.close();
      }
      return { checked, shots };
    });
    process.stdout.write(
      `adoption: ${pages.checked.length} pages rendered: ${pages.checked.join(
        ', ',
      )} (screenshots in ${pages.shots})\n`,
    );
  }

  stop();
  const total = timings.reduce((n, [, s]) => n + s, 0);
  process.stdout.write('\nadoption: timings\n');
  for (const [name, seconds] of timings)
    process.stdout.write(`  ${seconds.toFixed(1).padStart(7)} s  ${name}\n`);
  process.stdout.write(`  ${total.toFixed(1).padStart(7)} s  total\n`);
  process.stdout.write(
    `adoption: passed (${adopter.added + adopter.removed} adopter lines)\n`,
  );
  if (!args.keep && !args.work) rmSync(work, { recursive: true, force: true });
}

process.on('exit', () => {
  if (backendChild) {
    try {
      process.kill(-backendChild.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

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
