import { EffectiveConfigResult } from '../inheritance/resolveEffectiveConfig';
import type { McpServerEntity } from '../model';
import { parseEntityRefLoose } from '../model/entityRef';
import { McpServerEntry, serializeMcpJson } from '../parsers/mcpJson';
import { formatPin } from '../parsers/pin';
import { renderUserTextSection } from '../scaffold/userText';
import { MCP_JSON_FILE, SETTINGS_JSON_FILE } from './checkAgentWorkspace';
import { mcpVariablePrefix } from './mcpVariables';
import {
  AGENT_TOOL_FILES,
  renderAgentToolFiles,
  ScaffoldAgentTool,
} from './renderAgentToolFiles';

export { mcpVariablePrefix } from './mcpVariables';

/**
 * The JSON schema Claude Code settings files declare.
 *
 * @public
 */
export const CLAUDE_SETTINGS_SCHEMA_URL =
  'https://json.schemastore.org/claude-code-settings.json';

const REMOTE_PREFERENCE: readonly string[] = [
  'streamable-http',
  'http',
  'sse',
  'ws',
];

/**
 * The `.mcp.json` entry for an MCP server entity. Every URL and credential is
 * a `${VAR}` reference, never a literal secret: the URL is
 * `${<NAME>_MCP_URL:-<catalog url>}` (so it works as is and can be pointed
 * elsewhere), a server with `auth: token` sends
 * `Authorization: Bearer ${<NAME>_TOKEN}`; `oauth` servers authenticate
 * through Claude Code's own OAuth flow and `mtls` ones through the client's
 * certificate, so neither gets a header. Servers reachable only as a package
 * (`npm:`, `pypi:`, `oci:` remotes, as the catalog records them) are started
 * over stdio with `npx`, `uvx` or `docker`.
 *
 * Throws when the entity names no usable transport.
 *
 * @public
 */
export function mcpJsonEntryForServer(server: McpServerEntity): McpServerEntry {
  const name = server.metadata.name;
  const prefix = mcpVariablePrefix(name);
  const token = server.spec.auth === 'token';
  const remotes = Array.isArray(server.spec.remotes) ? server.spec.remotes : [];
  const remote = REMOTE_PREFERENCE.map(type =>
    remotes.find(r => r.type === type && /^(https?|wss?):\/\//.test(r.url)),
  ).find(Boolean);
  if (remote) {
    const type =
      remote.type === 'streamable-http' || remote.type === 'http'
        ? 'http'
        : remote.type;
    return {
      type,
      url: `\${${prefix}_MCP_URL:-${remote.url}}`,
      ...(token
        ? { headers: { Authorization: `Bearer \${${prefix}_TOKEN}` } }
        : {}),
    };
  }
  const env = token
    ? { env: { [`${prefix}_TOKEN`]: `\${${prefix}_TOKEN}` } }
    : {};
  for (const r of remotes) {
    const pkg = /^(npm|pypi|oci):(.+)$/.exec(r.url);
    if (!pkg) continue;
    const [, registry, id] = pkg;
    if (registry === 'npm') {
      return { type: 'stdio', command: 'npx', args: ['-y', id], ...env };
    }
    if (registry === 'pypi') {
      // pypi remotes are recorded as name@version; uvx pins with ==.
      const at = id.lastIndexOf('@');
      const spec = at > 0 ? `${id.slice(0, at)}==${id.slice(at + 1)}` : id;
      return { type: 'stdio', command: 'uvx', args: [spec], ...env };
    }
    return {
      type: 'stdio',
      command: 'docker',
      args: [
        'run',
        '-i',
        '--rm',
        ...(token ? ['-e', `${prefix}_TOKEN`] : []),
        id,
      ],
      ...env,
    };
  }
  throw new Error(
    `The MCP server ${name} has no remote Claude Code can reach (http, sse, ws, or an npm, pypi or oci package)`,
  );
}

/**
 * Input of {@link renderAgentFiles}.
 *
 * @public
 */
export interface RenderAgentFilesInput {
  /** The component (repository) name. */
  componentName: string;
  /**
   * What the component does, for AGENTS.md: free text, quoted in a labelled
   * section of its own ({@link renderUserTextSection}); throws when it does
   * not pass {@link checkUserText}.
   */
  description?: string;
  /** Entity ref of the owning team, e.g. `group:default/payments`. */
  owner: string;
  /** The resolved effective config; must carry the release it was built on. */
  result: EffectiveConfigResult;
  /** The MCP server entities of the effective config, looked up by name. */
  mcpServers: McpServerEntity[];
  /** Skills copied into `.claude/skills/<name>/`, listed in the context file. */
  skillFolders?: string[];
  /**
   * `claude` (default): CLAUDE.md holds the pin and the team's additions and
   * imports AGENTS.md. `bridge`: AGENTS.md holds everything and CLAUDE.md is
   * only `@AGENTS.md`.
   */
  layout?: 'claude' | 'bridge';
  /**
   * The agent tools to write files for (default Claude Code alone). With any
   * tool besides Claude Code, AGENTS.md holds everything (the `bridge`
   * layout) and each tool's own files come from {@link renderAgentToolFiles};
   * without Claude Code, CLAUDE.md, .mcp.json and .claude/settings.json are
   * left out.
   */
  tools?: readonly ScaffoldAgentTool[];
}

/**
 * The files {@link renderAgentFiles} produces, by repo-relative path.
 *
 * @public
 */
export interface RenderedAgentFiles {
  /** File texts by path: CLAUDE.md, AGENTS.md, .mcp.json, .claude/settings.json, and the other tools' files. */
  files: Record<string, string>;
  /** The server names written to the MCP files. */
  mcpServers: string[];
  /** The environment variables the MCP files reference, sorted. */
  variables: string[];
  /** The tools the files are for. */
  tools: ScaffoldAgentTool[];
}

const bullet = (items: string[]) => items.map(i => `- ${i}`).join('\n');
const code = (text: string) => `\`${text}\``;

/**
 * Writes the agent files of a repository from an effective config: the
 * context files with the pin line of the release the config was built on
 * (`formatPin`), the team's additions and the `@AGENTS.md` import;
 * `.mcp.json` with the effective servers (those switched off by a
 * server-wide deny rule left out; variables for every URL and credential;
 * written with `serializeMcpJson`, which refuses literal secrets); and
 * `.claude/settings.json` with the effective permissions, mode and model.
 *
 * It does not judge: resolve and check the config first
 * ({@link resolveEffectiveConfig}). Throws when the config has no release or
 * a server cannot be written.
 *
 * @public
 */
export function renderAgentFiles(
  input: RenderAgentFilesInput,
): RenderedAgentFiles {
  const { result, componentName, owner } = input;
  const tools: ScaffoldAgentTool[] =
    input.tools && input.tools.length > 0 ? [...input.tools] : ['claude-code'];
  const claude = tools.includes('claude-code');
  const others = tools.filter(t => t !== 'claude-code');
  const release = result.release;
  if (!release) {
    throw new Error('The effective config has no base release to pin');
  }
  const pinLine = formatPin(release.base, release.version);
  const effective = result.effective;
  const teamLayer = effective.layers.find(l => l.startsWith('team:'));
  const teamName = parseEntityRefLoose(owner, 'group')?.name ?? owner;

  // .mcp.json
  const byName = new Map(
    input.mcpServers.map(s => [s.metadata.name.toLocaleLowerCase('en-US'), s]),
  );
  const mcpServers: Record<string, McpServerEntry> = {};
  for (const server of effective.mcpServers) {
    if (server.disabledBy) continue;
    const entity = byName.get(server.name.toLocaleLowerCase('en-US'));
    if (!entity) {
      throw new Error(`The MCP server ${server.ref} is not in the catalog`);
    }
    mcpServers[entity.metadata.name] = mcpJsonEntryForServer(entity);
  }
  const mcpJson = serializeMcpJson({ mcpServers });
  const claudeVariables = claude
    ? [...mcpJson.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map(m => m[1])
    : [];

  // .claude/settings.json
  const perms = effective.permissions;
  const settings: Record<string, unknown> = {
    $schema: CLAUDE_SETTINGS_SCHEMA_URL,
    permissions: {
      ...(perms.defaultMode ? { defaultMode: perms.defaultMode.value } : {}),
      allow: perms.allow.map(r => r.rule),
      ask: perms.ask.map(r => r.rule),
      deny: perms.deny.map(r => r.rule),
    },
    enabledMcpjsonServers: Object.keys(mcpServers),
    ...(effective.modelRouting.default
      ? { model: effective.modelRouting.default.value }
      : {}),
    env: {
      OTEL_RESOURCE_ATTRIBUTES: `team.id=${teamName},repo=${componentName}`,
    },
  };
  const settingsJson = `${JSON.stringify(settings, null, 2)}\n`;

  // Context files
  const fromTeam = <T extends { layer: string }>(items: T[]) =>
    teamLayer ? items.filter(i => i.layer === teamLayer) : [];
  const teamSkills = fromTeam(effective.skills).map(s => s.ref);
  const teamServers = fromTeam(effective.mcpServers).map(s => {
    const note = result.excepted.find(e => e.item === s.ref);
    return note
      ? `${code(s.name)} (${s.allowlistStatus}; exception approved by ${
          note.exception.approvedBy
        } until ${note.exception.until})`
      : code(s.name);
  });
  const teamRules = (['allow', 'ask', 'deny'] as const).flatMap(list =>
    fromTeam(perms[list]).map(r => `${list}: ${code(r.rule)}`),
  );
  const sections: string[] = [];
  if (teamLayer) {
    const additions: string[] = [];
    if (teamSkills.length > 0) {
      additions.push(`Skills: ${teamSkills.map(code).join(', ')}`);
    }
    if (teamServers.length > 0) {
      additions.push(`MCP servers: ${teamServers.join(', ')}`);
    }
    if (perms.defaultMode && perms.defaultMode.layer === teamLayer) {
      additions.push(`Permission mode: ${code(perms.defaultMode.value)}`);
    }
    additions.push(...teamRules.map(r => `Permission rule, ${r}`));
    sections.push(
      `## Team ${teamName} (${teamLayer.slice('team:'.length)})\n\n${
        additions.length > 0
          ? bullet(additions)
          : 'The team adds nothing to the base.'
      }`,
    );
  }
  if (input.skillFolders && input.skillFolders.length > 0) {
    sections.push(
      `## Skills in this repository\n\n${bullet(
        input.skillFolders.map(s => `${code(s)} in .claude/skills/${s}/`),
      )}`,
    );
  }
  // The tools' own files, rendered before the context files that name them.
  const toolFiles = renderAgentToolFiles({
    tools: others,
    mcpServers,
    componentName,
    instructions: '',
    defaultMode: perms.defaultMode?.value,
  });
  const variables = [
    ...new Set([...claudeVariables, ...toolFiles.variables]),
  ].sort();
  const configFiles = [
    ...(claude ? [SETTINGS_JSON_FILE, MCP_JSON_FILE] : []),
    ...others.map(t => AGENT_TOOL_FILES[t].config),
  ];
  sections.push(
    `## Guardrails\n\nPermissions and MCP servers come from ${code(
      `${release.base}@${release.version}`,
    )} and the team config (${configFiles
      .map(code)
      .join(', ')}). Do not loosen them here; ask the platform team instead. ${
      variables.length > 0
        ? `MCP servers read ${variables
            .map(code)
            .join(
              ', ',
            )} from the environment; never write their values into a file.`
        : ''
    }`.trimEnd(),
  );

  const header = `# ${componentName}`;
  const agentsBody = [
    header,
    `The ${componentName} service. Owner: ${code(owner)}.`,
  ].join('\n\n');
  // Free text from the form comes last, quoted in a labelled section.
  const userText = input.description?.trim()
    ? [
        renderUserTextSection({
          field: 'description',
          text: input.description,
          author: `a member of ${teamName}`,
        }),
      ]
    : [];
  const files: Record<string, string> = {};
  if ((input.layout ?? 'claude') === 'bridge' || others.length > 0) {
    if (claude) files['CLAUDE.md'] = '@AGENTS.md\n';
    files['AGENTS.md'] = `${[
      pinLine,
      agentsBody,
      ...sections,
      ...userText,
    ].join('\n\n')}\n`;
  } else {
    files['CLAUDE.md'] = `${[
      pinLine,
      `${header}\n\nAgent context for ${componentName}. Project instructions shared with other agents are in AGENTS.md:`,
      '@AGENTS.md',
      ...sections,
    ].join('\n\n')}\n`;
    files['AGENTS.md'] = `${[agentsBody, ...userText].join('\n\n')}\n`;
  }
  if (claude) {
    files[MCP_JSON_FILE] = mcpJson;
    files[SETTINGS_JSON_FILE] = settingsJson;
  }
  if (others.length > 0) {
    Object.assign(
      files,
      renderAgentToolFiles({
        tools: others,
        mcpServers,
        componentName,
        instructions: files['AGENTS.md'],
        defaultMode: perms.defaultMode?.value,
      }).files,
    );
  }
  return { files, mcpServers: Object.keys(mcpServers), variables, tools };
}
