/*
 * Benchmark: MCP registry sync against a local stand-in of the official
 * registry's v0.1 servers API serving N servers (default 5,000) in pages of
 * 100: the first (full) sync and an incremental sync after 50 changes,
 * through McpRegistryEntityProvider (fetch, validate, map every server to an
 * entity, build the mutation; the catalog's own write is not included), next
 * to a baseline that fetches the same pages and reads their bodies without
 * processing them. Medians of 3 runs.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs \
 *     plugins/catalog-backend-module-agent-platform/scripts/bench-registry-sync.ts [N]
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { McpRegistryEntityProvider } from '../../../plugins/catalog-backend-module-agent-platform/src/registry/McpRegistryEntityProvider';
import { serversUrl } from '../../../plugins/catalog-backend-module-agent-platform/src/registry/registryClient';
import {
  registryServer,
  startRegistryServer,
} from '../../../plugins/catalog-backend-module-agent-platform/src/registry/__testUtils__/registryServer';

const count = Number(process.argv[2] ?? 5000);
const changes = 50;
const pageSize = 100;
const runs = 3;

const day = (n: number) =>
  new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();

async function fetchPagesOnly(baseUrl: string, updatedSince?: string) {
  let cursor: string | undefined;
  let pages = 0;
  let bytes = 0;
  for (;;) {
    const url = serversUrl(baseUrl);
    url.searchParams.set('limit', String(pageSize));
    url.searchParams.set('version', 'latest');
    if (cursor) url.searchParams.set('cursor', cursor);
    if (updatedSince) url.searchParams.set('updated_since', updatedSince);
    const text = await (await fetch(url)).text();
    pages++;
    bytes += text.length;
    // The cursor is all the baseline reads of a page.
    cursor = /"nextCursor":"([^"]+)"/.exec(text)?.[1];
    if (!cursor) return { pages, bytes };
  }
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async <T>(fn: () => Promise<T>) => {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
};

async function main() {
  const rows: Record<string, number[]> = {
    'first sync (provider)': [],
    'first sync baseline (fetch pages only)': [],
    [`incremental sync, ${changes} changes (provider)`]: [],
    'incremental baseline (fetch pages only)': [],
  };
  let info = '';
  for (let run = 0; run < runs; run++) {
    const entries = Array.from({ length: count }, (_, i) =>
      registryServer(i, day(i % 1000)),
    );
    const registry = await startRegistryServer(entries);
    const logger: LoggerService = {
      error: () => {},
      warn: () => {},
      info: () => {},
      debug: () => {},
      child: () => logger,
    };
    const provider = new McpRegistryEntityProvider({
      id: 'bench',
      baseUrl: registry.baseUrl,
      allowedHosts: [registry.host],
      pageSize,
      maxPages: 1000,
      timeoutMs: 30_000,
      defaultOwner: 'group:default/platform',
      logger,
    });
    let applied = 0;
    const connection = {
      applyMutation: async (m: any) => {
        applied =
          m.type === 'full'
            ? m.entities.length
            : m.added.length + m.removed.length;
      },
      refresh: async () => {},
    } as unknown as EntityProviderConnection;
    await provider.connect(connection);

    const base = await time(() => fetchPagesOnly(registry.baseUrl));
    const full = await time(() => provider.refresh());
    if (full.value?.total !== count || applied !== count)
      throw new Error('full sync incomplete');
    rows['first sync baseline (fetch pages only)'].push(base.ms);
    rows['first sync (provider)'].push(full.ms);

    for (let c = 0; c < changes; c++) {
      const i = (c * 97) % count;
      entries[i] = registryServer(i, day(5000 + c));
    }
    const since = day(999);
    const incBase = await time(() => fetchPagesOnly(registry.baseUrl, since));
    const inc = await time(() => provider.refresh());
    if (inc.value?.changed !== changes || applied !== changes)
      throw new Error('incremental sync wrong');
    rows['incremental baseline (fetch pages only)'].push(incBase.ms);
    rows[`incremental sync, ${changes} changes (provider)`].push(inc.ms);
    info = `${base.value.pages} pages, ${(base.value.bytes / 1e6).toFixed(
      1,
    )} MB; incremental ${incBase.value.pages} page`;
    await registry.close();
  }
  console.log(
    `MCP registry sync, ${count} servers (${info}), median of ${runs} runs, Node ${process.version}`,
  );
  console.log('| measurement | median ms | runs ms |');
  console.log('|---|---:|---|');
  for (const [name, xs] of Object.entries(rows)) {
    console.log(
      `| ${name} | ${median(xs).toFixed(0)} | ${xs
        .map(x => x.toFixed(0))
        .join(', ')} |`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
