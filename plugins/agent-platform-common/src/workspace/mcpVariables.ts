/**
 * The prefix of the environment variables a server's `.mcp.json` entry uses:
 * the server name in upper case, other characters as `_` (`docs-search` ->
 * `DOCS_SEARCH`).
 *
 * @public
 */
export function mcpVariablePrefix(serverName: string): string {
  return serverName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
