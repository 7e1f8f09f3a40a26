import { ANNOTATION_SOURCE_ISSUES } from '@agent-platform/plugin-agent-platform-common';
import { parse } from 'yaml';
import { mcpServerEntityFromFiles } from './mcpServerEntity';
import { SourceFile } from './sourceFile';

const file = (path: string, text: string): SourceFile => ({
  path,
  locationType: 'file',
  target: `/srv/mcp/${path}`,
  folder: `/srv/mcp/${path.split('/').slice(0, -1).join('/')}`,
  size: Buffer.byteLength(text),
  content: Buffer.from(text),
});
const options = { defaultOwner: 'group:default/platform' };

// The MCP Registry's own examples (modelcontextprotocol/registry,
// docs/reference/server-json/examples/valid/), schema 2025-12-11.
const withRemote = JSON.stringify({
  $schema:
    'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'io.github.user/remote-weather',
  description: 'Remote MCP server reachable over streamable HTTP.',
  version: '2.1.0',
  title: 'Remote Weather',
  websiteUrl: 'https://modelcontextprotocol.io/examples',
  repository: {
    url: 'https://github.com/modelcontextprotocol/servers',
    source: 'github',
    subfolder: 'src/weather',
  },
  icons: [
    {
      src: 'https://example.com/icon.png',
      mimeType: 'image/png',
      sizes: ['48x48', '96x96'],
    },
  ],
  remotes: [
    {
      type: 'streamable-http',
      url: 'https://{host}/mcp',
      headers: [{ name: 'Authorization', isSecret: true, isRequired: true }],
      variables: {
        host: { description: 'API host', default: 'api.example.com' },
      },
    },
  ],
});
const withPackage = JSON.stringify({
  $schema:
    'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'io.github.user/local-weather',
  description: 'Local MCP server distributed as an npm package.',
  version: '1.0.0',
  packages: [
    {
      registryType: 'npm',
      identifier: '@modelcontextprotocol/server-weather',
      version: '1.0.0',
      transport: { type: 'stdio' },
      runtimeHint: 'npx',
      packageArguments: [
        { type: 'positional', valueHint: 'config_path' },
        { type: 'named', name: '--port', value: '8080' },
      ],
      environmentVariables: [
        { name: 'API_KEY', isSecret: true, isRequired: true },
      ],
    },
  ],
});

describe('mcpServerEntityFromFiles', () => {
  it('maps the registry example with a remote', () => {
    const { entity, issues } = mcpServerEntityFromFiles(
      file('remote-weather/server.json', withRemote),
      undefined,
      options,
    );
    expect(entity).toMatchObject({
      kind: 'API',
      metadata: {
        name: 'remote-weather',
        title: 'Remote Weather',
        description: 'Remote MCP server reachable over streamable HTTP.',
        annotations: {
          'agent-platform.io/registry-name': 'io.github.user/remote-weather',
          'agent-platform.io/server-version': '2.1.0',
          'backstage.io/managed-by-location':
            'file:/srv/mcp/remote-weather/server.json',
        },
        links: [
          { url: 'https://modelcontextprotocol.io/examples', title: 'Website' },
          {
            url: 'https://github.com/modelcontextprotocol/servers',
            title: 'Source',
          },
        ],
      },
      spec: {
        type: 'mcp-server',
        // Nobody reviewed it (no governance file): not production.
        lifecycle: 'experimental',
        owner: 'group:default/platform',
        remotes: [{ type: 'streamable-http', url: 'https://{host}/mcp' }],
      },
    });
    // Without a governance decision the server is flagged, not approved.
    expect(issues.map(i => [i.rule, i.severity])).toEqual([
      ['mcp-governance-missing', 'warning'],
    ]);
    expect(entity?.spec?.allowlist).toBeUndefined();
  });

  it('maps the registry example with an npm package to a stdio remote', () => {
    const { entity } = mcpServerEntityFromFiles(
      file('local-weather/server.json', withPackage),
      undefined,
      options,
    );
    expect(entity?.spec?.remotes).toEqual([
      { type: 'stdio', url: 'npm:@modelcontextprotocol/server-weather@1.0.0' },
    ]);
  });

  it('reads the governance file beside server.json', () => {
    const { entity, issues } = mcpServerEntityFromFiles(
      file('weather/server.json', withRemote),
      file(
        'weather/agent-platform.yaml',
        [
          'name: weather',
          'owner: payments',
          'auth: token',
          'risk: low',
          'allowlist:',
          '  status: approved',
          '  reviewer: user:default/dana.kim',
          "  reviewedAt: '2026-10-01'",
          'tools:',
          '  - name: get_forecast',
          '    access: read',
          '    data: [weather]',
        ].join('\n'),
      ),
      options,
    );
    expect(issues).toEqual([]);
    expect(entity?.metadata.name).toBe('weather');
    expect(entity?.spec).toMatchObject({
      owner: 'group:default/payments',
      auth: 'token',
      risk: 'low',
      allowlist: { status: 'approved', reviewedAt: '2026-10-01' },
      tools: [{ name: 'get_forecast', access: 'read', data: ['weather'] }],
    });
    // The API page's Definition tab: the tools and scopes, as YAML text.
    expect(parse(entity?.spec?.definition as string)).toMatchObject({
      server: 'io.github.user/remote-weather',
      version: '2.1.0',
      remotes: [
        { type: 'streamable-http', headers: ['Authorization (secret)'] },
      ],
      allowlist: { status: 'approved', reviewer: 'user:default/dana.kim' },
      tools: [{ name: 'get_forecast', access: 'read', data: ['weather'] }],
    });
  });

  it('drops an invalid governance field and names its line', () => {
    const { entity, issues } = mcpServerEntityFromFiles(
      file('weather/server.json', withRemote),
      file(
        'weather/agent-platform.yaml',
        'owner: platform\nrisk: extreme\nallowlist:\n  status: approved\n',
      ),
      options,
    );
    expect(entity?.spec?.risk).toBeUndefined();
    expect(entity?.spec?.allowlist).toEqual({ status: 'approved' });
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'weather/agent-platform.yaml',
        line: 2,
        rule: 'mcp-governance-invalid',
      }),
      // "approved" with no reviewer: nobody reviewed it.
      expect.objectContaining({
        file: 'weather/agent-platform.yaml',
        line: 3,
        rule: 'mcp-server-unreviewed',
        severity: 'warning',
      }),
    ]);
    expect(entity?.spec?.lifecycle).toBe('experimental');
    expect(
      JSON.parse(entity!.metadata.annotations![ANNOTATION_SOURCE_ISSUES]),
    ).toHaveLength(2);
  });

  it.each([
    ['not JSON', '{"name": ', 'json-syntax'],
    [
      'a version range',
      withRemote.replace('"2.1.0"', '"^2.1.0"'),
      'server-version-range',
    ],
    [
      'no transport at all',
      JSON.stringify({
        name: 'io.github.x/y',
        description: 'd',
        version: '1.0.0',
      }),
      'server-json-no-transport',
    ],
  ])(
    'keeps a server whose server.json is %s, with the error on it',
    (_c, text, rule) => {
      const { entity, issues } = mcpServerEntityFromFiles(
        file('broken/server.json', text),
        undefined,
        options,
      );
      expect(entity?.metadata.name).toBe('broken');
      expect((entity?.spec?.remotes as unknown[]).length).toBe(1);
      expect(issues.some(i => i.severity === 'error')).toBe(true);
      expect(issues.map(i => i.rule)).toContain(rule);
    },
  );

  it('reports a governance file that is not YAML', () => {
    const { issues } = mcpServerEntityFromFiles(
      file('weather/server.json', withRemote),
      file('weather/agent-platform.yaml', 'owner: [platform\n'),
      options,
    );
    expect(issues[0]).toMatchObject({
      file: 'weather/agent-platform.yaml',
      rule: 'yaml-invalid',
    });
  });
});

describe('mcpServerEntityFromFiles keeps what server.json says runs the server', () => {
  it('keeps packages next to remotes, with env vars (secret flag), arguments and remote headers', () => {
    const { readFileSync } = jest.requireActual('node:fs');
    const { resolve } = jest.requireActual('node:path');
    const serverJson = (name: string) =>
      readFileSync(
        resolve(
          __dirname,
          `../../../../examples/mcp-servers/${name}/server.json`,
        ),
        'utf8',
      );
    const github = mcpServerEntityFromFiles(
      file('github/server.json', serverJson('github')),
      undefined,
      options,
    ).entity!;
    expect(github.spec?.remotes).toEqual([
      {
        type: 'streamable-http',
        url: 'https://api.githubcopilot.com/mcp/',
        headers: [
          expect.objectContaining({
            name: 'Authorization',
            isSecret: true,
            isRequired: true,
            value: 'Bearer {token}',
          }),
          expect.objectContaining({ name: 'X-MCP-Toolsets', isSecret: false }),
        ],
      },
    ]);
    expect(github.spec?.packages).toEqual([
      {
        registryType: 'oci',
        identifier: 'ghcr.io/github/github-mcp-server:1.12.1',
        transport: { type: 'stdio' },
        environmentVariables: [
          expect.objectContaining({
            name: 'GITHUB_PERSONAL_ACCESS_TOKEN',
            isSecret: true,
            isRequired: true,
          }),
          expect.objectContaining({
            name: 'GITHUB_TOOLSETS',
            isSecret: false,
            default: 'repos,issues,pull_requests',
          }),
        ],
      },
    ]);
    const postgres = mcpServerEntityFromFiles(
      file('postgres-prod/server.json', serverJson('postgres-prod')),
      undefined,
      options,
    ).entity!;
    expect((postgres.spec?.packages as any)[0]).toMatchObject({
      registryType: 'npm',
      identifier: '@acme/mcp-proxy',
      registryBaseUrl: 'https://npm.acme.example',
      runtimeHint: 'npx',
      packageArguments: [
        expect.objectContaining({ name: '--server', value: 'postgres-prod' }),
        expect.objectContaining({ name: '--cert', isRequired: true }),
      ],
    });
  });
});
