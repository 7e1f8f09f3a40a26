// The tool names that give a permission rule's specifier its meaning. Shared by the rule
// parser and the matcher; not part of the package API.

/** Tools whose specifier is a gitignore-style path pattern. */
export const PATH_TOOLS: readonly string[] = [
  'Read',
  'Edit',
  'Write',
  'MultiEdit',
  'NotebookEdit',
  'NotebookRead',
  'Glob',
  'Grep',
  'LS',
];

/** Tools whose specifier is a command pattern (`*` matches anything, `:*` equals ` *`). */
export const SHELL_TOOLS: readonly string[] = ['Bash', 'PowerShell'];

/** The built-in tools, to suggest the right spelling of a mistyped one. */
export const KNOWN_TOOLS: readonly string[] = [
  ...PATH_TOOLS,
  ...SHELL_TOOLS,
  'WebFetch',
  'WebSearch',
  'Task',
  'Agent',
  'Skill',
  'TodoWrite',
  'SlashCommand',
  'ExitPlanMode',
];
