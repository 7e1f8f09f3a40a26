import {
  catalogMcpServerIdentities,
  matchMcpServer,
  mcpServerIdentityOf,
} from './mcpServerIdentity';

const stdio = (command: string, ...args: string[]) => ({
  transport: 'stdio',
  command,
  args,
});

describe('mcpServerIdentityOf', () => {
  it.each([
    [
      stdio('npx', '-y', '@acme/mcp-proxy@0.8.1', '--server', 'x'),
      'npm @acme/mcp-proxy',
    ],
    [stdio('npx', '--yes', '-p', '@scope/pkg@2', 'bin-name'), 'npm @scope/pkg'],
    [stdio('pnpm', 'dlx', 'Some-Server@latest'), 'npm some-server'],
    [stdio('/usr/local/bin/bunx', 'srv'), 'npm srv'],
    [stdio('uvx', 'mcp-server-git==1.0'), 'pypi mcp-server-git'],
    [
      stdio('uv', 'tool', 'run', '--from', 'Mcp_Server[cli]', 'mcp'),
      'pypi mcp-server',
    ],
    [
      stdio(
        'docker',
        'run',
        '-i',
        '--rm',
        '-e',
        'TOKEN',
        'ghcr.io/github/github-mcp-server:1.12.1',
      ),
      'oci ghcr.io/github/github-mcp-server',
    ],
    [
      stdio('podman', 'run', '--env=A=b', 'docker.io/library/redis:7'),
      'oci redis',
    ],
    [stdio('node', './tools/x.js'), 'node ./tools/x.js'],
    [
      { transport: 'http', url: '${GW:-https://Mcp.Acme.example}/docs/mcp/' },
      'https://mcp.acme.example/docs/mcp',
    ],
    [{ transport: 'http', url: '${GW}/docs/mcp' }, '${GW}/docs/mcp'],
  ])('%j runs %s', (server, label) => {
    expect(mcpServerIdentityOf(server).label).toBe(label);
  });
});

const api = (name: string, spec: object) => ({
  metadata: { name, namespace: 'default' },
  spec,
});
const github = api('github', {
  remotes: [
    { type: 'streamable-http', url: 'https://api.githubcopilot.com/mcp/' },
  ],
  packages: [
    {
      registryType: 'oci',
      identifier: 'ghcr.io/github/github-mcp-server:1.12.1',
    },
  ],
});
const slack = api('slack', {
  remotes: [
    { type: 'streamable-http', url: 'https://mcp.acme.example/slack/mcp' },
  ],
});
const docs = api('docs-search', {
  remotes: [
    {
      type: 'streamable-http',
      url: 'https://mcp.acme.example/docs-search/mcp',
    },
  ],
});
const shell = api('shell-admin', {
  remotes: [{ type: 'stdio', url: 'npm:@acme-sre/shell-admin-mcp@0.9.2' }],
});
const catalog = [github, slack, docs, shell];

describe('matchMcpServer', () => {
  it('matches by package, url or host whatever the key', () => {
    expect(
      matchMcpServer(
        {
          name: 'gh',
          ...stdio('docker', 'run', '-i', 'ghcr.io/github/github-mcp-server'),
        },
        catalog,
      ),
    ).toMatchObject({ match: github, by: 'package' });
    expect(
      matchMcpServer(
        { name: 'tools', ...stdio('npx', '-y', '@acme-sre/shell-admin-mcp') },
        catalog,
      ),
    ).toMatchObject({ match: shell, by: 'package' });
    expect(
      matchMcpServer(
        {
          name: 'x',
          transport: 'http',
          url: 'https://mcp.acme.example/docs-search/mcp/',
        },
        catalog,
      ),
    ).toMatchObject({ match: docs, by: 'url' });
    expect(
      matchMcpServer(
        {
          name: 'x',
          transport: 'http',
          url: 'https://api.githubcopilot.com/mcp/x',
        },
        catalog,
      ),
    ).toMatchObject({ match: github, by: 'host' });
    // Two servers on one host: the host alone does not say which.
    expect(
      matchMcpServer(
        { name: 'x', transport: 'http', url: 'https://mcp.acme.example/other' },
        catalog,
      ).match,
    ).toBeUndefined();
  });

  it("does not take a gateway host's only cataloged server for another path on it", () => {
    // Only docs-search is cataloged on mcp.acme.example: a server elsewhere
    // on the gateway is not docs-search.
    expect(
      matchMcpServer(
        {
          name: 'postgres-prod',
          transport: 'http',
          url: 'https://mcp.acme.example/postgres-prod/mcp',
        },
        [docs],
      ).match,
    ).toBeUndefined();
    // Below docs-search's own endpoint it still is.
    expect(
      matchMcpServer(
        {
          name: 'x',
          transport: 'http',
          url: 'https://mcp.acme.example/docs-search/mcp/v2',
        },
        [docs],
      ),
    ).toMatchObject({ match: docs, by: 'host' });
  });

  it('reports a key naming a cataloged server that runs something else', () => {
    const local = matchMcpServer(
      { name: 'github', ...stdio('node', './tools/x.js') },
      catalog,
    );
    expect(local.match).toBeUndefined();
    expect(local.namesakeMismatch).toBe(github);
    const elsewhere = matchMcpServer(
      {
        name: 'slack',
        transport: 'http',
        url: 'https://slack-mcp.evil.example/mcp',
      },
      catalog,
    );
    expect(elsewhere).toMatchObject({ namesakeMismatch: slack });
    expect(elsewhere.match).toBeUndefined();
    const other = matchMcpServer(
      {
        name: 'slack',
        transport: 'http',
        url: 'https://mcp.acme.example/docs-search/mcp',
      },
      catalog,
    );
    expect(other).toMatchObject({ match: docs, namesakeMismatch: slack });
    expect(
      matchMcpServer(
        {
          name: 'github',
          transport: 'http',
          url: 'https://api.githubcopilot.com/mcp',
        },
        catalog,
      ).namesakeMismatch,
    ).toBeUndefined();
  });

  it('lists what a cataloged server runs', () => {
    expect(catalogMcpServerIdentities(github.spec).map(i => i.label)).toEqual([
      'https://api.githubcopilot.com/mcp',
      'oci ghcr.io/github/github-mcp-server',
    ]);
  });
});
