import {
  compareMcpTools,
  isMcpServerEntity,
  McpServerEntity,
  McpToolFinding,
} from '@agent-platform/plugin-agent-platform-common';
import {
  AuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { listServerTools } from './listServerTools';

/**
 * What the last check of one remote MCP server found: its real tools against
 * the tools its governance file declares.
 *
 * @public
 */
export interface McpToolCheckResult {
  /** The server's entity ref, e.g. `api:default/github`. */
  server: string;
  /** The endpoint checked. */
  url: string;
  /** When the tools were last listed successfully. */
  checkedAt?: string;
  /** How many tools the server listed (up to the cap). */
  toolCount?: number;
  /** The real tool names, as listed. */
  tools?: string[];
  /** True when the listing was cut at the cap. */
  truncated?: boolean;
  /** Declared vs real. */
  findings: McpToolFinding[];
  /** Why the latest attempt failed, when it did; the findings are then those of the last good check. */
  error?: { message: string; at: string };
}

/** Options of {@link McpToolCheckService}. */
export interface McpToolCheckServiceOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  config: RootConfigService;
  clock?: { now(): Date };
}

/**
 * Lists the real tools of every remote MCP server in the catalog (`API`,
 * `mcp-server`, with a `streamable-http` remote) with MCP `tools/list`, and
 * compares them with the tools its governance file declares: tools nobody
 * reviewed, declared tools the server no longer has, and tool annotations
 * (`readOnlyHint`, `destructiveHint`) against the declared access. Runs as a
 * scheduled backend task, never in catalog processing; each server has a
 * deadline and a cap on its tool count, and a failed check keeps the server's
 * last good result next to the error.
 *
 * Config (`agentPlatform.toolCheck`): `timeoutMs` (default 10000),
 * `maxTools` (default 1000), `concurrency` (default 4).
 *
 * @public
 */
export class McpToolCheckService {
  private readonly results = new Map<string, McpToolCheckResult>();

  static create(options: McpToolCheckServiceOptions): McpToolCheckService {
    return new McpToolCheckService(options);
  }

  private constructor(private readonly options: McpToolCheckServiceOptions) {}

  private get settings() {
    const config = this.options.config.getOptionalConfig(
      'agentPlatform.toolCheck',
    );
    return {
      timeoutMs: config?.getOptionalNumber('timeoutMs') ?? 10_000,
      maxTools: config?.getOptionalNumber('maxTools') ?? 1000,
      concurrency: config?.getOptionalNumber('concurrency') ?? 4,
    };
  }

  /** The latest result of every server checked, by server ref. */
  list(): McpToolCheckResult[] {
    return [...this.results.values()].sort((a, b) =>
      a.server.localeCompare(b.server),
    );
  }

  /** The latest result of one server, when it was checked. */
  get(ref: string): McpToolCheckResult | undefined {
    return this.results.get(ref.toLocaleLowerCase('en-US'));
  }

  /** Checks every remote MCP server of the catalog once. */
  async checkAll(): Promise<void> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      { filter: { kind: 'API', 'spec.type': 'mcp-server' } },
      { credentials },
    );
    const queue: McpServerEntity[] = [];
    for (const item of items) {
      if (isMcpServerEntity(item)) {
        queue.push(item);
      }
    }
    const work = async () => {
      for (let server = queue.shift(); server; server = queue.shift()) {
        await this.checkServer(server);
      }
    };
    await Promise.all(Array.from({ length: this.settings.concurrency }, work));
  }

  /** Checks one server; a server without a streamable HTTP remote is skipped. */
  async checkServer(
    server: McpServerEntity,
  ): Promise<McpToolCheckResult | undefined> {
    const remote = server.spec.remotes.find(
      r => r.type === 'streamable-http' && /^https?:\/\//.test(r.url),
    );
    if (!remote) {
      return undefined;
    }
    const ref = stringifyEntityRef({
      kind: server.kind,
      namespace: server.metadata.namespace,
      name: server.metadata.name,
    }).toLocaleLowerCase('en-US');
    const { timeoutMs, maxTools } = this.settings;
    const now = () => (this.options.clock?.now() ?? new Date()).toISOString();
    try {
      const { tools, truncated } = await listServerTools(remote.url, {
        timeoutMs,
        maxTools,
      });
      const result: McpToolCheckResult = {
        server: ref,
        url: remote.url,
        checkedAt: now(),
        toolCount: tools.length,
        tools: tools.map(t => t.name),
        truncated,
        findings: compareMcpTools(server.spec.tools ?? [], tools, {
          truncated,
          cap: maxTools,
        }),
      };
      this.results.set(ref, result);
      return result;
    } catch (error) {
      const message = stringifyError(error);
      this.options.logger.error(
        `Could not list the tools of ${ref} at ${remote.url}: ${message}`,
      );
      const last = this.results.get(ref);
      const result: McpToolCheckResult = {
        ...(last ?? { server: ref, url: remote.url, findings: [] }),
        error: { message, at: now() },
      };
      this.results.set(ref, result);
      return result;
    }
  }
}
