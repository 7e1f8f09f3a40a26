/**
 * One thing a scaffolder form or action refuses, tied to the form field (or
 * the step) it is about, so that the form can show it under the field and the
 * action can name the field in its 400.
 *
 * @public
 */
export interface ScaffoldProblem {
  /**
   * The input field (`name`, `description`, `owner`, `skills`, `mcpServers`,
   * `baseVersion`, `targetPath`, `registryPath`...), or the step when no field
   * is to blame (`base`, `teamConfig`).
   */
  field: string;
  /** What is wrong and what to do, one sentence or two. */
  message: string;
}

/**
 * One line per problem, `field: message`, for an error message or a task log.
 *
 * @public
 */
export function formatScaffoldProblems(problems: ScaffoldProblem[]): string {
  return problems.map(p => `- ${p.field}: ${p.message}`).join('\n');
}
