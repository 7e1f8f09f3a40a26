/*
 * The adoption test's harness for this machine's incomplete npm mirror (see toolchain.md): which
 * versions exist, raising the stock app's `@backstage/*` ranges to them, and an install that pins
 * each remaining gap. None of this is counted as the adopter's work.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readJson, sh, writeJson } from './util.mjs';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(join(root, 'package.json'));
const semver = require('semver');

/** Versions of each package this repository's lockfile and the Yarn cache already hold. */
export function knownVersions() {
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

/** Raises each `@backstage/*` range of the app to the newest version `known` holds; returns how many. */
export function alignBackstageVersions(appDir, known) {
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

const outputOf = error => `${error.stdout ?? ''}${error.stderr ?? ''}`;

/** The lines of a failed install worth showing. */
function installErrors(out) {
  return out
    .split('\n')
    .filter(
      l =>
        /YN00(0[1-9]|[1-9]\d)|Error/.test(l) &&
        !/YN0007|YN0013|YN0060|YN0002|YN0086/.test(l),
    )
    .slice(-40)
    .join('\n');
}

/**
 * `yarn install` in the app, pinning each mirror gap (YN0082) to the newest published version, a few
 * rounds. Another failure is retried once (a registry hiccup on a loaded machine), then reported.
 * `install(args)` runs yarn in the app. Returns the number of gaps pinned.
 */
export function installWithMirrorGaps(appDir, install) {
  let retried = false;
  for (let round = 0; round < 15; round++) {
    try {
      install();
      return round;
    } catch (error) {
      const out = outputOf(error);
      const gap =
        /YN0082: [^\n]*?(@?[^@\s│]+@npm:[^:\s]+): No candidates found/.exec(
          out,
        );
      if (!gap) {
        if (!retried) {
          retried = true;
          process.stdout.write(
            `adoption: yarn install failed; trying once more:\n${installErrors(
              out,
            )}\n`,
          );
          continue;
        }
        process.stderr.write(installErrors(out));
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
