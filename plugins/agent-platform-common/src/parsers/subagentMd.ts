import { ParseIssue } from '../errors';
import { readFrontmatterFields } from './frontmatter';
import { parsePermissionRule } from './permissionRule';
import { readStringMap } from './ruleMd';
import { quote } from './text';

/**
 * The models a subagent may name besides a full model id.
 *
 * @public
 */
export const SUBAGENT_MODEL_ALIASES: readonly string[] = [
  'sonnet',
  'opus',
  'haiku',
  'inherit',
];

const SUBAGENT_FIELDS: readonly string[] = [
  'name',
  'description',
  'tools',
  'disallowedTools',
  'model',
  'permissionMode',
  'skills',
  'mcpServers',
  'hooks',
  'color',
  // Not read by Claude Code: the suite's governance fields (owner, version, scope, lifecycle).
  'metadata',
];

/**
 * A parsed Claude Code subagent (`.claude/agents/<name>.md`).
 *
 * @public
 */
export type SubagentMd = {
  /** `name`: lowercase letters, digits and hyphens. */
  name: string;
  /** `description`: when Claude should delegate to it. */
  description: string;
  /** `tools`, split (comma-separated or a list); undefined means every tool of the session. */
  tools?: string[];
  /** `model`: an alias or a full model id. */
  model?: string;
  /** `permissionMode`, when set. */
  permissionMode?: string;
  /** `skills` it preloads. */
  skills: string[];
  /** `mcpServers` it names (server names, or inline definitions' keys). */
  mcpServers: string[];
  /** `metadata` entries with string values: the suite's governance fields, ignored by Claude Code. */
  metadata: Record<string, string>;
  /** The system prompt: the Markdown after the frontmatter. */
  prompt: string;
  /** 1-based line of each frontmatter key. */
  keyLines: Record<string, number>;
};

/**
 * The result of {@link parseSubagentMd}.
 *
 * @public
 */
export type SubagentMdResult = { subagent?: SubagentMd; issues: ParseIssue[] };

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function list(value: unknown): string[] | undefined {
  if (typeof value === 'string') {
    return value
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
  }
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) {
    return value.map(v => v.trim()).filter(Boolean);
  }
  return undefined;
}

// `mcpServers`: names of configured servers, or `{ name: { command... } }` inline definitions.
function mcpServerNames(value: unknown): string[] | undefined {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    return undefined;
  }
  const names: string[] = [];
  for (const entry of value) {
    if (typeof entry === 'string' && entry.trim()) {
      names.push(entry.trim());
    } else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      names.push(...Object.keys(entry));
    } else {
      return undefined;
    }
  }
  return names;
}

/**
 * Parses a Claude Code subagent file: YAML frontmatter with `name` and
 * `description` (required), `tools` (comma-separated or a list of tool
 * names or permission rules), `model` (`sonnet`, `opus`, `haiku`, `inherit`
 * or a full id), `permissionMode`, `skills`, `mcpServers`, `hooks`, and the
 * suite's `metadata` map (owner, version, scope, lifecycle; Claude Code
 * ignores it); the body is its system prompt.
 *
 * Rules: the `frontmatter-*` rules, `subagent-frontmatter-missing`,
 * `subagent-name-missing`, `subagent-name-invalid`, `subagent-name-mismatch`
 * (warning: the file name differs), `subagent-description-missing`,
 * `subagent-field-invalid`, `subagent-tool-invalid`, `subagent-metadata-invalid`, `subagent-model-unknown`
 * (warning), `subagent-field-unknown` (warning), `subagent-prompt-empty`
 * (warning).
 *
 * @public
 */
export function parseSubagentMd(
  text: string,
  options: { file: string },
): SubagentMdResult {
  const { file } = options;
  const { fm, issues, readable, add, lineOf } = readFrontmatterFields(text, {
    file,
    missingRule: 'subagent-frontmatter-missing',
    missingMessage:
      'A subagent file must start with a "---" YAML frontmatter block holding name and description',
  });
  if (!readable) {
    return { issues };
  }
  const data = fm.data;

  const name = data.name;
  if (typeof name !== 'string' || name.trim() === '') {
    add(
      'subagent-name-missing',
      lineOf('name'),
      'The required field "name" is missing or empty',
    );
  } else if (!NAME.test(name)) {
    add(
      'subagent-name-invalid',
      lineOf('name'),
      `The name ${quote(
        name,
      )} must use lowercase letters, digits and single hyphens`,
    );
  } else {
    const stem = file.split('/').pop()?.replace(/\.md$/, '');
    if (stem && stem !== name) {
      add(
        'subagent-name-mismatch',
        lineOf('name'),
        `The name ${quote(name)} differs from the file name ${quote(
          `${stem}.md`,
        )}; Claude Code uses the name`,
        'warning',
      );
    }
  }
  const description = data.description;
  if (typeof description !== 'string' || description.trim() === '') {
    add(
      'subagent-description-missing',
      lineOf('description'),
      'The required field "description" is missing or empty; Claude decides when to delegate from it',
    );
  }
  let tools: string[] | undefined;
  if (data.tools !== undefined && data.tools !== null) {
    tools = list(data.tools);
    if (!tools) {
      add(
        'subagent-field-invalid',
        lineOf('tools'),
        'The field "tools" must be a comma-separated string or a list of tool names',
      );
    } else {
      for (const tool of tools) {
        const parsed = parsePermissionRule(tool);
        if (!parsed.rule) {
          add(
            'subagent-tool-invalid',
            lineOf('tools'),
            `tools: ${parsed.issues[0]?.message ?? quote(tool)}`,
          );
        }
      }
    }
  }
  let model: string | undefined;
  if (data.model !== undefined) {
    if (typeof data.model !== 'string') {
      add(
        'subagent-field-invalid',
        lineOf('model'),
        'The field "model" must be a string',
      );
    } else {
      model = data.model;
      if (
        !SUBAGENT_MODEL_ALIASES.includes(model) &&
        !/^claude-[a-z0-9.-]+$/.test(model)
      ) {
        add(
          'subagent-model-unknown',
          lineOf('model'),
          `The model ${quote(model)} is neither ${SUBAGENT_MODEL_ALIASES.join(
            ', ',
          )} nor a full model id such as claude-sonnet-4-6`,
          'warning',
        );
      }
    }
  }
  const skills = data.skills === undefined ? [] : list(data.skills);
  if (!skills) {
    add(
      'subagent-field-invalid',
      lineOf('skills'),
      'The field "skills" must be a list of skill names',
    );
  }
  const metadata = readStringMap(data.metadata, message =>
    add('subagent-metadata-invalid', lineOf('metadata'), message),
  );
  const mcpServers = mcpServerNames(data.mcpServers);
  if (!mcpServers) {
    add(
      'subagent-field-invalid',
      lineOf('mcpServers'),
      'The field "mcpServers" must be a list of server names or inline server definitions',
    );
  }
  for (const key of Object.keys(data)) {
    if (!SUBAGENT_FIELDS.includes(key)) {
      add(
        'subagent-field-unknown',
        lineOf(key),
        `The field "${key}" is not a subagent field Claude Code reads; it is ignored`,
        'warning',
      );
    }
  }
  if (fm.body.trim() === '') {
    add(
      'subagent-prompt-empty',
      fm.bodyStartLine,
      'The subagent has no system prompt after the frontmatter',
      'warning',
    );
  }
  if (issues.some(i => i.severity === 'error')) {
    return { issues };
  }
  return {
    subagent: {
      name: name as string,
      description: description as string,
      ...(tools ? { tools } : {}),
      ...(model ? { model } : {}),
      ...(typeof data.permissionMode === 'string'
        ? { permissionMode: data.permissionMode }
        : {}),
      skills: skills ?? [],
      mcpServers: mcpServers ?? [],
      metadata,
      prompt: fm.body,
      keyLines: fm.keyLines,
    },
    issues,
  };
}
