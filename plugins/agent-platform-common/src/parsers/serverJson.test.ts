import { isVersionRange, parseServerJson } from './serverJson';

const rulesAndLines = (issues: Array<{ rule: string; line?: number }>) =>
  issues.map(i => [i.rule, i.line]);

const file = 'server.json';

/** In the style of server.json files published to the official MCP registry. */
const REGISTRY_STYLE = `{
  "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
  "name": "io.github.acme/weather-mcp",
  "title": "Weather",
  "description": "Current conditions and forecasts from the National Weather Service.",
  "version": "1.4.2",
  "websiteUrl": "https://acme.github.io/weather-mcp",
  "repository": {
    "url": "https://github.com/acme/weather-mcp",
    "source": "github",
    "id": "812345678"
  },
  "icons": [{ "src": "https://acme.github.io/weather-mcp/icon.png", "mimeType": "image/png", "sizes": ["48x48"] }],
  "packages": [
    {
      "registryType": "npm",
      "registryBaseUrl": "https://registry.npmjs.org",
      "identifier": "@acme/weather-mcp",
      "version": "1.4.2",
      "runtimeHint": "npx",
      "transport": { "type": "stdio" },
      "environmentVariables": [
        {
          "name": "WEATHER_API_KEY",
          "description": "API key for the forecast service",
          "isRequired": true,
          "isSecret": true,
          "format": "string"
        }
      ]
    },
    {
      "registryType": "oci",
      "identifier": "ghcr.io/acme/weather-mcp:1.4.2",
      "transport": { "type": "stdio" },
      "runtimeHint": "docker",
      "runtimeArguments": [
        { "type": "named", "name": "--rm", "value": "true", "format": "boolean" },
        { "type": "named", "name": "-e", "value": "WEATHER_API_KEY={api_key}",
          "variables": { "api_key": { "isRequired": true, "isSecret": true } } }
      ]
    }
  ],
  "remotes": [
    {
      "type": "streamable-http",
      "url": "https://weather.acme.dev/mcp",
      "headers": [
        { "name": "Authorization", "value": "Bearer {api_key}", "isRequired": true, "isSecret": true }
      ]
    }
  ],
  "_meta": { "io.modelcontextprotocol.registry/publisher-provided": { "tool": "mcp-publisher" } }
}`;

function server(fields: Record<string, unknown>): string {
  return JSON.stringify(
    {
      name: 'io.github.acme/weather-mcp',
      description: 'Weather forecasts.',
      version: '1.0.0',
      remotes: [{ type: 'streamable-http', url: 'https://x.example/mcp' }],
      ...fields,
    },
    null,
    2,
  );
}

describe('parseServerJson', () => {
  it('reads a registry-style server.json', () => {
    const { server: parsed, issues } = parseServerJson(REGISTRY_STYLE, {
      file,
    });
    expect(issues).toEqual([]);
    expect(parsed).toMatchObject({
      name: 'io.github.acme/weather-mcp',
      namespace: 'io.github.acme',
      serverName: 'weather-mcp',
      version: '1.4.2',
      versionIsSemver: true,
      title: 'Weather',
      repository: {
        url: 'https://github.com/acme/weather-mcp',
        source: 'github',
      },
    });
    expect(parsed?.packages.map(p => p.registryType)).toEqual(['npm', 'oci']);
    expect(parsed?.packages[0].environmentVariables[0]).toEqual({
      name: 'WEATHER_API_KEY',
      description: 'API key for the forecast service',
      isRequired: true,
      isSecret: true,
      format: 'string',
    });
    expect(parsed?.remotes).toEqual([
      {
        type: 'streamable-http',
        url: 'https://weather.acme.dev/mcp',
        headers: [
          {
            name: 'Authorization',
            value: 'Bearer {api_key}',
            isRequired: true,
            isSecret: true,
          },
        ],
      },
    ]);
  });

  it('accepts a build-time version placeholder with a warning', () => {
    const { server: parsed, issues } = parseServerJson(
      server({ version: '${VERSION}', status: 'active' }),
      { file },
    );
    expect(rulesAndLines(issues)).toEqual([['server-version-not-semver', 4]]);
    expect(parsed?.versionIsSemver).toBe(false);
  });

  it.each(['^1.0.0', '~1.2.3', '>=1.2.3', '1.x', '1.*', 'latest'])(
    'reports the version range %s on its line',
    version => {
      const { issues } = parseServerJson(server({ version }), { file });
      expect(rulesAndLines(issues)).toEqual([['server-version-range', 4]]);
    },
  );

  it('reports a description over 100 characters', () => {
    const { issues } = parseServerJson(
      server({ description: 'x'.repeat(101) }),
      { file },
    );
    expect(rulesAndLines(issues)).toEqual([['server-description-too-long', 3]]);
  });

  it('reports missing required fields', () => {
    const { server: parsed, issues } = parseServerJson(
      '{\n  "remotes": [{"type": "sse", "url": "https://x/sse"}]\n}',
      { file },
    );
    expect(rulesAndLines(issues)).toEqual([
      ['server-name-missing', 1],
      ['server-description-missing', 1],
      ['server-version-missing', 1],
    ]);
    expect(parsed).toBeUndefined();
  });

  it.each([
    ['weather', 'server-name-invalid'],
    ['io.github.acme/weather/v2', 'server-name-invalid'],
    ['io.github.acme/weather mcp', 'server-name-invalid'],
    ['a/', 'server-name-length'],
    [`com.example/${'x'.repeat(200)}`, 'server-name-length'],
    ['acme/weather', 'server-name-not-reverse-dns'],
  ])('reports the name %j as %s', (name, rule) => {
    const { issues } = parseServerJson(server({ name }), { file });
    expect(rulesAndLines(issues)).toEqual([[rule, 2]]);
  });

  it('reports package version problems and a missing mcpb hash', () => {
    const text = [
      '{',
      '  "name": "com.example/tools",',
      '  "description": "Tools.",',
      '  "version": "2.0.0",',
      '  "packages": [',
      '    { "registryType": "npm", "identifier": "@ex/tools", "version": "latest", "transport": { "type": "stdio" } },',
      '    { "registryType": "pypi", "identifier": "ex-tools", "version": "^2.0", "transport": { "type": "stdio" } },',
      '    { "registryType": "mcpb", "identifier": "https://github.com/ex/tools/releases/download/v2.0.0/tools.mcpb", "transport": { "type": "stdio" } },',
      '    { "registryType": "cargo", "identifier": "ex-tools", "version": "2.0.0", "transport": { "type": "stdio" } }',
      '  ]',
      '}',
    ].join('\n');
    const { issues } = parseServerJson(text, { file });
    expect(rulesAndLines(issues)).toEqual([
      ['server-package-version-latest', 6],
      ['server-package-version-range', 7],
      ['server-package-missing-sha256', 8],
      ['server-package-unknown-registry-type', 9],
    ]);
  });

  it('reports invalid transports and remotes', () => {
    const text = [
      '{',
      '  "name": "com.example/tools",',
      '  "description": "Tools.",',
      '  "version": "2.0.0",',
      '  "packages": [',
      '    { "registryType": "npm", "identifier": "@ex/tools", "transport": { "type": "streamable-http" } }',
      '  ],',
      '  "remotes": [',
      '    { "type": "stdio" },',
      '    { "type": "sse",',
      '      "url": "ftp://example.com/sse" }',
      '  ]',
      '}',
    ].join('\n');
    const { issues, server: parsed } = parseServerJson(text, { file });
    expect(rulesAndLines(issues)).toEqual([
      ['server-transport-invalid', 6],
      ['server-transport-invalid', 9],
      ['server-transport-invalid', 11],
    ]);
    expect(parsed?.remotes).toEqual([]);
  });

  it('reports a package missing required fields', () => {
    const text =
      '{"name": "com.example/t", "description": "d", "version": "1.0.0",\n"packages": [\n{"identifier": "x", "transport": {"type": "stdio"}}\n]}';
    const { issues } = parseServerJson(text, { file });
    expect(rulesAndLines(issues)).toEqual([['server-invalid-field', 3]]);
    expect(issues[0].message).toMatch(/^packages\[0\]\.registryType: /);
  });

  it('reports a literal secret in a header value', () => {
    const { issues } = parseServerJson(
      server({
        remotes: [
          {
            type: 'streamable-http',
            url: 'https://x.example/mcp',
            headers: [
              {
                name: 'Authorization',
                value: 'Bearer ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
              },
            ],
          },
        ],
      }),
      { file },
    );
    expect(issues).toEqual([
      expect.objectContaining({ rule: 'server-literal-secret', line: 12 }),
    ]);
  });

  it('reports bad URLs, a bad title and a missing install method', () => {
    const { issues } = parseServerJson(
      server({
        remotes: undefined,
        title: '',
        websiteUrl: 'example.com',
        icons: [{ src: 'http://example.com/i.png' }],
      }),
      { file },
    );
    expect(rulesAndLines(issues)).toEqual([
      ['server-title-invalid', 5],
      ['server-invalid-url', 6],
      ['server-invalid-url', 9],
      ['server-no-install', 1],
    ]);
  });

  it('reports a wrongly typed top-level field but still reads the rest', () => {
    const { issues, server: parsed } = parseServerJson(
      server({ icons: 'icon.png' }),
      { file },
    );
    expect(rulesAndLines(issues)).toEqual([['server-invalid-field', 11]]);
    expect(parsed?.name).toBe('io.github.acme/weather-mcp');
  });

  it('reports invalid JSON', () => {
    expect(
      rulesAndLines(
        parseServerJson('{\n "name": "a/b",\n "version": 1.0.0\n}', { file })
          .issues,
      ),
    ).toEqual([['json-syntax', 3]]);
  });
});

describe('isVersionRange', () => {
  it('tells ranges from exact versions', () => {
    expect(
      ['1.0.0', '2.1.0-alpha', '2025.01.10', 'v1.2.3'].map(isVersionRange),
    ).toEqual([false, false, false, false]);
    expect(['1.0 - 2.0', '1 || 2', '*', 'X'].map(isVersionRange)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
});
