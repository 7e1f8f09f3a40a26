/*
 * The adoption test's reading of docs/install.md: the blocks marked `<!-- adoption: ... -->` and how
 * each is applied to a stock app, exactly as written. Used by scripts/adoption-test.mjs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { sh, readJson, writeJson } from './util.mjs';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(join(root, 'package.json'));
const YAML = require('yaml');

/** The placeholder for the org's own folder in docs/install.md. */
export const PLACEHOLDER = '/srv/agent-platform';

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

/**
 * Applies each block to the app in `appDir`, `/srv/agent-platform` replaced by `orgDir`. Packages a
 * block adds get the packed version when there is one, else the newest version `known` holds.
 */
export function applyBlocks({ appDir, orgDir, blocks, packed, known }) {
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
        Object.entries(pkg.dependencies).sort(([a], [b]) => a.localeCompare(b)),
      );
      writeJson(file, pkg);
    } else if (block.action === 'insert') {
      const m = /^(\S+) before (.+)$/.exec(block.args);
      const file = join(appDir, m[1]);
      const source = readFileSync(file, 'utf8');
      const at = source.indexOf(m[2]);
      if (at < 0) throw new Error(`${m[1]} has no line ${m[2]}`);
      writeFileSync(file, `${source.slice(0, at)}${text}\n${source.slice(at)}`);
    } else if (block.action === 'replace') {
      pendingReplace = { file: join(appDir, block.args), text };
    } else if (block.action === 'with') {
      if (!pendingReplace || pendingReplace.file !== join(appDir, block.args)) {
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
}

/** The adopter's changes: the app's diff against the harness commit, yarn.lock aside. */
export function adopterDiff(appDir, blocks) {
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
