import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseMcpJson } from '../parsers/mcpJson';
import { parseSettingsJson } from '../parsers/settingsJson';
import {
  mcpServer,
  SERVERS,
  V1,
  V2,
} from '../upgrade/__testUtils__/upgradeFixtures';
import { renderManagedSettings } from './renderManagedSettings';
import { checkAgainstClaudeCodeSettingsTypes } from './__testUtils__/claudeCodeSettingsTypes';

const TELEMETRY = {
  endpoint: 'https://portal.acme.example/api/agent-platform/otlp/',
  headersHelper: '/etc/claude-code/agent-platform-otel-headers.sh',
};

const catalog = [
  ...SERVERS.filter(s => s.metadata.name !== 'scraper'),
  {
    ...mcpServer('scraper'),
    spec: {
      ...mcpServer('scraper').spec,
      allowlist: { status: 'denied' as const, reason: 'Exfiltration risk.' },
    },
  },
];

describe('renderManagedSettings', () => {
  it("renders the release's rules, hooks, model, MCP allowlist and telemetry", () => {
    const rendered = renderManagedSettings({
      base: 'org-base',
      release: V2,
      mcpServers: catalog,
      telemetry: TELEMETRY,
    });
    expect(rendered.settings).toEqual({
      $schema: 'https://json.schemastore.org/claude-code-settings.json',
      permissions: {
        defaultMode: 'default',
        disableBypassPermissionsMode: 'disable',
        allow: ['Bash(npm run test *)', 'Bash(npm run lint *)'],
        ask: ['Bash(git push *)', 'mcp__github__create_issue'],
        deny: ['Read(./.env)', 'Bash(curl *)', 'mcp__scraper'],
      },
      hooks: V2.config.hooks,
      model: 'claude-sonnet-5',
      allowedMcpServers: [
        { serverName: 'docs' },
        { serverName: 'github' },
        { serverName: 'jira' },
        { serverName: 'sentry' },
      ],
      deniedMcpServers: [{ serverName: 'scraper' }],
      env: {
        CLAUDE_CODE_ENABLE_TELEMETRY: '1',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_ENDPOINT:
          'https://portal.acme.example/api/agent-platform/otlp',
      },
      otelHeadersHelper: '/etc/claude-code/agent-platform-otel-headers.sh',
    });
    expect(rendered.mcp).toEqual({
      mcpServers: {
        github: {
          type: 'http',
          url: '${GITHUB_MCP_URL:-https://github.example.com/mcp}',
        },
        sentry: {
          type: 'http',
          url: '${SENTRY_MCP_URL:-https://sentry.example.com/mcp}',
        },
      },
    });
    expect(Object.keys(rendered.files)).toEqual([
      'managed-settings.json',
      'managed-mcp.json',
    ]);
  });

  it('writes files the suite’s own parsers read without errors', () => {
    const { files } = renderManagedSettings({
      base: 'org-base',
      release: V2,
      mcpServers: catalog,
      telemetry: TELEMETRY,
    });
    const settings = parseSettingsJson(files['managed-settings.json'], {
      file: 'managed-settings.json',
    });
    expect(settings.issues.filter(i => i.severity === 'error')).toEqual([]);
    expect(settings.settings?.hooks).toEqual(V2.config.hooks);
    const mcp = parseMcpJson(files['managed-mcp.json'], {
      file: 'managed-mcp.json',
    });
    expect(mcp.issues.filter(i => i.severity === 'error')).toEqual([]);
    expect(mcp.servers.map(s => s.name)).toEqual(['github', 'sentry']);
  });

  it('leaves telemetry out unless asked, and managed-mcp.json out without servers', () => {
    const rendered = renderManagedSettings({
      base: 'org-base',
      release: { ...V1, config: { ...V1.config, mcpServers: [] } },
    });
    expect(rendered.settings).not.toHaveProperty('env');
    expect(rendered.settings).not.toHaveProperty('otelHeadersHelper');
    expect(rendered.settings).not.toHaveProperty('hooks');
    expect(rendered.mcp).toBeUndefined();
    expect(Object.keys(rendered.files)).toEqual(['managed-settings.json']);
  });

  it('refuses a release whose server is not in the catalog', () => {
    expect(() =>
      renderManagedSettings({ base: 'org-base', release: V2, mcpServers: [] }),
    ).toThrow(
      'org-base@2.0.0 pins the MCP server github, which is not in the catalog',
    );
  });
});

describe('managed-settings.json against the published settings types', () => {
  // @schemastore/claude-code-settings 1.0.12 (published 2026-09-23): SchemaStore's
  // claude-code-settings.json schema as TypeScript types, from the npm registry.
  it('conforms, for every release, with and without telemetry', () => {
    for (const release of [V1, V2]) {
      for (const telemetry of [TELEMETRY, undefined]) {
        const { settings } = renderManagedSettings({
          base: 'org-base',
          release,
          mcpServers: catalog,
          telemetry,
        });
        expect(checkAgainstClaudeCodeSettingsTypes(settings)).toEqual([]);
      }
    }
  });

  it('rejects what the types reject (the check can fail)', () => {
    const { settings } = renderManagedSettings({
      base: 'org-base',
      release: {
        ...V2,
        config: {
          ...V2.config,
          hooks: {
            NotAnEvent: [{ hooks: [{ type: 'command', command: 'x' }] }],
          },
        },
      },
      mcpServers: catalog,
    });
    expect(checkAgainstClaudeCodeSettingsTypes(settings)).toEqual([
      expect.stringMatching(/'\W*NotAnEvent\W*' does not exist/),
    ]);
    const valid = renderManagedSettings({
      base: 'org-base',
      release: V2,
      mcpServers: catalog,
    }).settings;
    expect(
      checkAgainstClaudeCodeSettingsTypes({
        ...valid,
        allowedMcpServers: [{ serverNam: 'github' }],
      }),
    ).toEqual([expect.stringMatching(/'\W*serverNam\W*' does not exist/)]);
    expect(
      checkAgainstClaudeCodeSettingsTypes({
        ...valid,
        permissions: {
          ...(valid.permissions as Record<string, unknown>),
          defaultMode: 'yolo',
        },
      }),
    ).toEqual([expect.stringContaining(`'"yolo"' is not assignable`)]);
    expect(
      checkAgainstClaudeCodeSettingsTypes({
        ...valid,
        permissions: { deny: 'Read(./.env)' },
      }),
    ).not.toEqual([]);
  });
});

// The JSON schema itself (SchemaStore's claude-code-settings.json) is not
// committed here: point CLAUDE_CODE_SETTINGS_SCHEMA at a copy to run this.
const schemaPath =
  process.env.CLAUDE_CODE_SETTINGS_SCHEMA &&
  resolve(process.env.CLAUDE_CODE_SETTINGS_SCHEMA);
const withSchema =
  schemaPath && existsSync(schemaPath) ? describe : describe.skip;

withSchema('managed-settings.json against the published schema', () => {
  const validate = () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    return ajv.compile(JSON.parse(readFileSync(schemaPath!, 'utf8')));
  };

  it('validates, with and without telemetry', () => {
    const check = validate();
    for (const telemetry of [TELEMETRY, undefined]) {
      const { settings } = renderManagedSettings({
        base: 'org-base',
        release: V2,
        mcpServers: catalog,
        telemetry,
      });
      expect(check(settings) ? [] : check.errors).toEqual([]);
    }
  });

  it('rejects what the schema rejects (the check can fail)', () => {
    const check = validate();
    const { settings } = renderManagedSettings({
      base: 'org-base',
      release: {
        ...V2,
        config: {
          ...V2.config,
          hooks: {
            NotAnEvent: [{ hooks: [{ type: 'command', command: 'x' }] }],
          },
        },
      },
      mcpServers: catalog,
    });
    expect(check(settings)).toBe(false);
  });
});
