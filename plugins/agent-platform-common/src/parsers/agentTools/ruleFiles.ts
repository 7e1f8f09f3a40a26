// Shared by the agent tool parsers: the frontmatter of instruction files that
// carry their own scoping (Cursor `.mdc` rules, Copilot `.instructions.md`).
import type { z } from 'zod';
import type { ParseIssue } from '../../errors';
import { parseFrontmatter } from '../frontmatter';
import { issueAdder } from './toolMcpServers';

/** A frontmatter field a tool reads, with the schema of its value. */
export type RuleFileField = {
  schema: z.ZodType;
  /** What the field must hold, for the message, e.g. `true or false`. */
  expected: string;
};

/**
 * Checks the frontmatter of one instruction file: YAML errors keep their
 * line (rule `frontmatter-*`), a field of the wrong type is
 * `<tool>-rule-invalid-field`, a field the tool does not read is
 * `<tool>-rule-unknown-field` (warning). Returns the valid fields.
 */
export function checkRuleFrontmatter(
  text: string,
  options: {
    file: string;
    tool: string;
    title: string;
    fields: Record<string, RuleFileField>;
  },
): { data: Record<string, unknown>; issues: ParseIssue[] } {
  const { file, tool, title, fields } = options;
  const frontmatter = parseFrontmatter(text, { file });
  const issues = [...frontmatter.issues];
  const add = issueAdder(file, issues);
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(frontmatter.data)) {
    const line = frontmatter.keyLines[key];
    const field = fields[key];
    if (!field) {
      add(
        `${tool}-rule-unknown-field`,
        line,
        `"${key}" is not a field ${title} reads (it reads ${Object.keys(
          fields,
        ).join(', ')}); it is ignored`,
        'warning',
      );
      continue;
    }
    if (!field.schema.safeParse(value).success) {
      add(
        `${tool}-rule-invalid-field`,
        line,
        `"${key}" must be ${field.expected}, found ${JSON.stringify(value)}`,
      );
      continue;
    }
    data[key] = value;
  }
  return { data, issues };
}

/** Files of `files` under `folder` ending in `suffix`, sorted. */
export function filesIn(
  files: ReadonlyMap<string, string>,
  folder: string,
  suffix: string,
): string[] {
  const prefix = `${folder}/`;
  return [...files.keys()]
    .filter(
      path =>
        path.startsWith(prefix) &&
        path.endsWith(suffix) &&
        !path.slice(prefix.length).includes('/'),
    )
    .sort();
}
