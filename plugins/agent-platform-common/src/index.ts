/**
 * The framework-free domain core of the agent platform, shared by the backend
 * and the browser: the catalog model of agent configs, skills and MCP servers
 * (`model`), parsers for the files agents read (context files and their
 * `extends:` pin, `.mcp.json`, `.claude/settings.json` and its permission
 * rules, `SKILL.md`, MCP Registry `server.json`), the inheritance engine that
 * resolves and judges effective configs, and one error vocabulary
 * (`ParseIssue`) for all of them. Pure functions over text and objects: no
 * file system, no network.
 *
 * @packageDocumentation
 */

export * from './errors';
export * from './model';
export * from './parsers';
export * from './inheritance';
export * from './snapshot';
export * from './permissions';
export * from './workspace';
export * from './spend';
export * from './upgrade';
export * from './managedSettings';
export * from './governance';
export * from './scaffold';
export * from './mcpTools';
export * from './evals';
export * from './health';
