import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  AssetDocument,
  splitFrontmatter,
} from '@agent-platform/plugin-agent-platform-common';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SkillFilesReader } from '../wellKnown/SkillFilesReader';

/** Annotation naming the one file a subagent or rule was read from (set by the catalog module). */
const ANNOTATION_SOURCE_FILE = 'agent-platform.io/source-file';
const ANNOTATION_SOURCE_LOCATION = 'backstage.io/source-location';
const MAX_BYTES = 1024 * 1024;

/** Reads the document of a skill, subagent or rule entity from where the catalog module found it. */
export class AssetDocumentReader {
  readonly #urlReader: UrlReaderService;
  readonly #skills: SkillFilesReader;

  constructor(urlReader: UrlReaderService) {
    this.#urlReader = urlReader;
    this.#skills = new SkillFilesReader(urlReader);
  }

  async read(entity: Entity): Promise<AssetDocument> {
    const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const type = String(entity.spec?.type ?? '');
    const annotations = entity.metadata.annotations ?? {};
    let source: string | undefined;
    let text: string;
    if (entity.kind === 'AiResource' && type === 'skill') {
      source = annotations[ANNOTATION_SOURCE_LOCATION];
      if (!source) {
        throw new NotFoundError(
          `${ref} has no ${ANNOTATION_SOURCE_LOCATION} annotation; its SKILL.md cannot be found`,
        );
      }
      const skill = await this.#skills.read(source);
      text = skill.files.get('SKILL.md')!.toString('utf8');
    } else if (
      entity.kind === 'AiResource' &&
      (type === 'subagent' || type === 'rule')
    ) {
      source = annotations[ANNOTATION_SOURCE_FILE];
      if (!source) {
        throw new NotFoundError(
          `${ref} has no ${ANNOTATION_SOURCE_FILE} annotation; its file cannot be found`,
        );
      }
      text = await this.readSourceFile(source);
    } else {
      throw new InputError(`${ref} is not a skill, subagent or rule`);
    }
    const split = splitFrontmatter(text);
    return {
      ref,
      type,
      source,
      ...(split.yaml !== undefined ? { frontmatter: split.yaml } : {}),
      body: split.body,
    };
  }

  /** The text of one `file:` or `url:` source, as the catalog module annotates it. */
  async readSourceFile(source: string): Promise<string> {
    if (source.startsWith('file:')) {
      const raw = source.slice('file:'.length);
      const path = raw.startsWith('file://') ? fileURLToPath(raw) : raw;
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile())
        throw new NotFoundError(`${source} is not a readable file`);
      if (info.size > MAX_BYTES)
        throw new InputError(
          `${source} is ${info.size} bytes; at most ${MAX_BYTES} are shown`,
        );
      return readFile(path, 'utf8');
    }
    if (source.startsWith('url:')) {
      const response = await this.#urlReader.readUrl(
        source.slice('url:'.length),
      );
      const buffer = await response.buffer();
      if (buffer.length > MAX_BYTES)
        throw new InputError(
          `${source} is ${buffer.length} bytes; at most ${MAX_BYTES} are shown`,
        );
      return buffer.toString('utf8');
    }
    throw new InputError(
      `Unsupported source ${source}; expected file: or url:`,
    );
  }
}
