import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { createParseIssue, ParseIssue } from '../../errors';
import { entityNameFrom, isValidEntityName } from '../../model/entityName';
import { BASE_NAME_PATTERN } from '../../model/values';
import { BASE_MANIFEST_FILE, BaseSourceText, textOf } from './files';

const MANIFEST_KEYS: readonly string[] = Object.freeze([
  'name',
  'title',
  'description',
  'owner',
  'system',
  'lifecycle',
  'links',
]);

/**
 * A link of the base entity, from `links` in `agent-base.yaml`.
 *
 * @public
 */
export type BaseManifestLink = {
  url: string;
  title?: string;
  icon?: string;
  type?: string;
};

/**
 * What `agent-base.yaml` says, checked: the fields of the base entity's
 * metadata and spec.
 *
 * @public
 */
export type BaseManifest = {
  /** The base name teams pin: `name`, or the folder name when that is missing or invalid. */
  name: string;
  title?: string;
  description?: string;
  /** The owner as written (`platform`, `group:default/platform`); absent when none is named. */
  owner?: string;
  system?: string;
  /** `lifecycle`, `production` when not set. */
  lifecycle: string;
  links: BaseManifestLink[];
};

/**
 * Reads `agent-base.yaml`: the base's name, title, description, owner,
 * system, lifecycle and links. Problems are added to `issues`; a field that
 * is not usable is left out. Returns undefined when neither `name` nor
 * `folderName` (the name of the folder holding the file) can name an entity.
 *
 * @public
 */
export function parseBaseManifest(
  manifestFile: BaseSourceText,
  options: { folderName: string; defaultOwner: string },
  issues: ParseIssue[],
): BaseManifest | undefined {
  const { folderName } = options;
  const manifest = readYamlMapping(manifestFile, issues);
  const field = (key: string) => manifest.values[key];
  const at = (key: string) => manifest.lines[key];
  const file = manifestFile.path;
  const add = (
    rule: string,
    message: string,
    key?: string,
    severity?: 'warning',
  ) =>
    issues.push(
      createParseIssue({
        file,
        line: key ? at(key) : undefined,
        rule,
        message: `${file}: ${message}`,
        severity,
      }),
    );

  for (const key of Object.keys(manifest.values)) {
    if (!MANIFEST_KEYS.includes(key)) {
      add(
        'base-manifest-unknown-field',
        `"${key}" is not a field of ${BASE_MANIFEST_FILE} (${MANIFEST_KEYS.join(
          ', ',
        )}); it is ignored`,
        key,
        'warning',
      );
    }
  }

  const fallbackName = entityNameFrom(folderName)?.toLocaleLowerCase();
  let name: string | undefined;
  const rawName = field('name');
  if (rawName === undefined) {
    add(
      'base-name-missing',
      `no "name"; teams pin a base by name, so set it explicitly (the folder name "${folderName}" is used)`,
    );
  } else if (
    typeof rawName === 'string' &&
    BASE_NAME_PATTERN.test(rawName) &&
    isValidEntityName(rawName)
  ) {
    name = rawName;
  } else {
    add(
      'base-name-invalid',
      `name ${JSON.stringify(
        rawName,
      )} cannot be pinned: a base name is 1-63 lowercase letters, digits and "-", starting and ending with a letter or digit (the folder name "${folderName}" is used)`,
      'name',
    );
  }
  name = name ?? fallbackName;
  if (!name || !isValidEntityName(name)) {
    add(
      'base-name-invalid',
      `neither "name" nor the folder name "${folderName}" can name a catalog entity`,
    );
    return undefined;
  }

  const text = (key: string): string | undefined => {
    const value = field(key);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value === 'string' && value.trim() !== '') {
      return value.trim();
    }
    add(
      'base-manifest-invalid-field',
      `"${key}" must be a non-empty string; it is ignored`,
      key,
    );
    return undefined;
  };
  const title = text('title');
  const description = text('description');
  const owner = text('owner');
  const system = text('system');
  const lifecycle = text('lifecycle') ?? 'production';
  if (owner === undefined) {
    add(
      'base-owner-missing',
      `no "owner"; the base is assigned to ${options.defaultOwner}`,
      undefined,
      'warning',
    );
  }
  const links = readLinks(field('links'), (message, index) =>
    issues.push(
      createParseIssue({
        file,
        line: manifest.lines[`links.${index}`] ?? at('links'),
        rule: 'base-link-invalid',
        message: `${file}: ${message}`,
      }),
    ),
  );
  return { name, title, description, owner, system, lifecycle, links };
}

function readLinks(
  value: unknown,
  report: (message: string, index?: number) => void,
): BaseManifestLink[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    report('"links" must be a list of {url, title}; it is ignored');
    return [];
  }
  const links: BaseManifestLink[] = [];
  value.forEach((link, index) => {
    const valid =
      link &&
      typeof link === 'object' &&
      typeof link.url === 'string' &&
      /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(link.url) &&
      ['title', 'icon', 'type'].every(
        k => link[k] === undefined || typeof link[k] === 'string',
      );
    if (!valid) {
      report(
        `links[${index}] must be {url, title} with an absolute url; it is ignored`,
        index,
      );
      return;
    }
    links.push({
      url: link.url,
      ...(link.title ? { title: link.title } : {}),
      ...(link.icon ? { icon: link.icon } : {}),
      ...(link.type ? { type: link.type } : {}),
    });
  });
  return links;
}

/** A YAML file read as a mapping, with the line of each key (dotted paths). */
function readYamlMapping(
  file: BaseSourceText,
  issues: ParseIssue[],
): { values: Record<string, unknown>; lines: Record<string, number> } {
  const empty = { values: {}, lines: {} };
  const source = textOf(file, issues);
  if (source === undefined) {
    return empty;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      issues.push(
        createParseIssue({
          file: file.path,
          line: lineCounter.linePos(error.pos[0]).line,
          rule: 'yaml-invalid',
          message: `${file.path}: ${error.message.split('\n')[0]}`,
        }),
      );
    }
    return empty;
  }
  if (!isMap(doc.contents)) {
    issues.push(
      createParseIssue({
        file: file.path,
        line: 1,
        rule: 'base-manifest-not-a-map',
        message: `${file.path}: expected a YAML mapping of name, title, description, owner, system, lifecycle and links`,
      }),
    );
    return empty;
  }
  const lines: Record<string, number> = {};
  const collect = (node: unknown, prefix: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const path = prefix ? `${prefix}.${key}` : key;
        if (isScalar(pair.key) && pair.key.range) {
          lines[path] = lineCounter.linePos(pair.key.range[0]).line;
        }
        collect(pair.value, path);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const range = (item as { range?: [number, number, number] })?.range;
        if (range) {
          lines[`${prefix}.${index}`] = lineCounter.linePos(range[0]).line;
        }
      });
    }
  };
  collect(doc.contents, '');
  return { values: doc.toJS() as Record<string, unknown>, lines };
}
