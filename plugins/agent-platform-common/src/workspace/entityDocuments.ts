import { parseAllDocuments } from 'yaml';
import { createParseIssue, ParseIssue } from '../errors';
import {
  isAgentConfigEntity,
  isBaseAgentConfigEntity,
} from '../model/AgentConfigEntity';
import { isRecord } from '../model/common';
import { isMcpServerEntity } from '../model/McpServerEntity';
import { isSkillEntity } from '../model/SkillEntity';
import type {
  AgentConfigEntity,
  BaseAgentConfigEntity,
  McpServerEntity,
  SkillEntity,
} from '../model';

/**
 * A catalog entity as read from a file: `kind`, `metadata.name` and the rest.
 *
 * @public
 */
export type EntityDocument = {
  apiVersion?: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
};

/**
 * The result of {@link parseEntityDocuments}.
 *
 * @public
 */
export type EntityDocuments = {
  /** Every document with a `kind` and a `metadata.name`. */
  entities: EntityDocument[];
  /** Problems: syntax errors and documents that are not entities. */
  issues: ParseIssue[];
};

function collect(
  value: unknown,
  where: string,
  file: string,
  out: EntityDocuments,
) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, `${where}[${i}]`, file, out));
    return;
  }
  if (isRecord(value) && Array.isArray(value.items)) {
    // A catalog API page: { items: [...] }.
    collect(value.items, `${where}.items`, file, out);
    return;
  }
  if (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    isRecord(value.metadata) &&
    typeof value.metadata.name === 'string'
  ) {
    out.entities.push(value as EntityDocument);
    return;
  }
  if (value === null || value === undefined) {
    return;
  }
  out.issues.push(
    createParseIssue({
      file,
      rule: 'entity-invalid',
      message: `${where} is not a catalog entity (it needs kind and metadata.name)`,
    }),
  );
}

/**
 * Reads catalog entities from the text of a file: a YAML stream of one or
 * more documents (`---`-separated, as `catalog-info.yaml` files are), a JSON
 * entity, a JSON array of entities, or a catalog API response
 * (`{ "items": [...] }`). JSON is YAML, so one parser reads all of them.
 *
 * Rules: `entity-yaml-syntax`, `entity-invalid`.
 *
 * @public
 */
export function parseEntityDocuments(
  text: string,
  options: { file: string },
): EntityDocuments {
  const { file } = options;
  const out: EntityDocuments = { entities: [], issues: [] };
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const before = text.slice(0, error.pos[0]);
        out.issues.push(
          createParseIssue({
            file,
            line: before.split('\n').length,
            rule: 'entity-yaml-syntax',
            message: `Invalid YAML or JSON: ${error.message.split('\n')[0]}`,
          }),
        );
      }
      return;
    }
    collect(doc.toJS(), `document ${index + 1}`, file, out);
  });
  return out;
}

/**
 * The agent-platform entities among catalog entities, sorted by what the
 * inheritance engine needs.
 *
 * @public
 */
export type AgentPlatformEntities = {
  /** Agent configs of the `base` level. */
  bases: BaseAgentConfigEntity[];
  /** Agent configs of the `team` level. */
  teams: AgentConfigEntity[];
  /** MCP servers. */
  mcpServers: McpServerEntity[];
  /** Skills. */
  skills: SkillEntity[];
};

/**
 * Sorts entities into bases, team configs, MCP servers and skills by their
 * discriminators; everything else is left out.
 *
 * @public
 */
export function sortAgentPlatformEntities(
  entities: ReadonlyArray<unknown>,
): AgentPlatformEntities {
  const sorted: AgentPlatformEntities = {
    bases: [],
    teams: [],
    mcpServers: [],
    skills: [],
  };
  for (const entity of entities) {
    if (isBaseAgentConfigEntity(entity)) {
      sorted.bases.push(entity);
    } else if (isAgentConfigEntity(entity)) {
      if (entity.spec.level === 'team') sorted.teams.push(entity);
    } else if (isMcpServerEntity(entity)) {
      sorted.mcpServers.push(entity);
    } else if (isSkillEntity(entity)) {
      sorted.skills.push(entity);
    }
  }
  return sorted;
}
