import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startReleasesBackend } from './__testUtils__/releasesTestBackend';

jest.setTimeout(180_000);

describe('managed settings per release (real catalog on the example organisation)', () => {
  let backend: Awaited<ReturnType<typeof startReleasesBackend>>;
  beforeAll(async () => {
    backend = await startReleasesBackend({
      agentPlatform: {
        managedSettings: {
          telemetry: { headersHelper: '/opt/acme/otel-headers.sh' },
        },
      },
    });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  const get = (path: string) => fetch(`${backend.api}${path}`);

  it('serves managed-settings.json for a release, without authentication', async () => {
    const res = await get('/releases/org-base/2.4.0/managed-settings.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="managed-settings.json"',
    );
    const settings = await res.json();
    expect(settings.permissions.deny).toEqual(
      expect.arrayContaining(['Read(./secrets/**)', 'Bash(gh pr merge *)']),
    );
    expect(settings.permissions.disableBypassPermissionsMode).toBe('disable');
    expect(settings.model).toBe('claude-sonnet-4-6');
    expect(settings.allowedMcpServers).toEqual(
      expect.arrayContaining([
        { serverName: 'github' },
        { serverName: 'docs-search' },
      ]),
    );
    expect(settings.env).toEqual({
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://localhost:${backend.port}/api/agent-platform/otlp`,
    });
    expect(settings.otelHeadersHelper).toBe('/opt/acme/otel-headers.sh');

    const latest = await get('/releases/org-base/latest/managed-settings.json');
    expect(await latest.json()).toEqual(settings);
  });

  it('serves managed-mcp.json with the servers the release pins', async () => {
    const res = await get('/releases/org-base/2.4.0/managed-mcp.json');
    expect(res.status).toBe(200);
    const mcp = await res.json();
    expect(Object.keys(mcp.mcpServers).sort()).toEqual([
      'docs-search',
      'github',
      'jira',
      'sentry',
    ]);
  });

  it('answers bad input with a clear error', async () => {
    const unknown = await get('/releases/org-base/9.9.9/managed-settings.json');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toBe(
      'org-base has no release 9.9.9 (releases: 1.8.0, 2.0.0, 2.1.0, 2.2.0, 2.3.0, 2.4.0)',
    );
    const range = await get('/releases/org-base/v2/managed-settings.json');
    expect(range.status).toBe(400);
    expect((await range.json()).error.message).toBe(
      'version "v2" must be an exact semver version such as 2.4.0, or "latest"',
    );
    const noBase = await get(
      '/releases/other-base/2.4.0/managed-settings.json',
    );
    expect(noBase.status).toBe(404);
    expect((await noBase.json()).error.message).toContain(
      'No org base named other-base',
    );
    const badName = await get('/releases/Org_Base/2.4.0/managed-settings.json');
    expect(badName.status).toBe(400);
  });

  // See src/managedSettings in the core: the published schema is not committed.
  const schemaPath = process.env.CLAUDE_CODE_SETTINGS_SCHEMA;
  const withSchema =
    schemaPath && existsSync(resolve(schemaPath)) ? describe : describe.skip;
  withSchema('against the published Claude Code settings schema', () => {
    it('serves settings the schema accepts, for every release', async () => {
      const validate = new Ajv({ strict: false, allErrors: true }).compile(
        JSON.parse(readFileSync(resolve(schemaPath!), 'utf8')),
      );
      for (const version of [
        '1.8.0',
        '2.0.0',
        '2.1.0',
        '2.2.0',
        '2.3.0',
        '2.4.0',
      ]) {
        const res = await get(
          `/releases/org-base/${version}/managed-settings.json`,
        );
        const settings = await res.json();
        expect([version, validate(settings) ? [] : validate.errors]).toEqual([
          version,
          [],
        ]);
      }
    });
  });
});
