import fc from 'fast-check';
import type { AgentConfigRelease } from '../model';
import { checkAgentWorkspace } from '../workspace/checkAgentWorkspace';
import { upgradeAgentFiles } from './upgradeAgentFiles';
import { baseOf, NOW, SERVERS } from './__testUtils__/upgradeFixtures';

// Base rules come from pools that never overlap across lists, so that a base
// release is consistent in itself; repository additions are drawn from all of
// them plus rules that overlap the base's (conflicts in the making).
const ALLOW = [
  'Bash(npm run test *)',
  'Bash(npm run lint *)',
  'Bash(make build)',
  'WebFetch(domain:docs.acme.example)',
];
const ASK = [
  'Bash(git push *)',
  'mcp__github__create_issue',
  'Bash(terraform apply *)',
];
const DENY = [
  'Read(./.env)',
  'Read(./secrets/**)',
  'Bash(curl *)',
  'mcp__scraper',
  'Bash(rm -rf *)',
];
const EXTRA = [
  'Bash(curl https://status.example.com *)',
  'Bash(git push origin *)',
  'Read(./secrets/dev/**)',
  'Bash(make *)',
  'mcp__scraper__fetch',
  'Bash(terraform apply -target=x *)',
];
const SERVER_NAMES = ['github', 'jira', 'sentry', 'scraper', 'docs'];
const LISTS = ['allow', 'ask', 'deny'] as const;

const releaseArb = (version: string) =>
  fc
    .record({
      allow: fc.subarray(ALLOW),
      ask: fc.subarray(ASK),
      deny: fc.subarray(DENY),
      servers: fc.subarray(SERVER_NAMES),
      model: fc.constantFrom('claude-sonnet-4-6', 'claude-sonnet-5'),
    })
    .map(
      (r): AgentConfigRelease => ({
        version,
        config: {
          mcpServers: r.servers.map(s => `api:default/${s}`),
          permissions: { allow: r.allow, ask: r.ask, deny: r.deny },
          modelRouting: { default: r.model },
        },
      }),
    );

const scenarioArb = fc.record({
  from: releaseArb('1.0.0'),
  to: releaseArb('2.0.0'),
  // Which of the current release's entries the repository carries.
  carried: fc.record({
    allow: fc.subarray(ALLOW),
    ask: fc.subarray(ASK),
    deny: fc.subarray(DENY),
    servers: fc.subarray(SERVER_NAMES),
  }),
  added: fc.record({
    allow: fc.subarray([...ALLOW, ...EXTRA]),
    ask: fc.subarray([...ASK, ...EXTRA]),
    deny: fc.subarray([...DENY, ...EXTRA]),
    servers: fc.subarray(['scraper', 'docs', 'internal-tool']),
  }),
  indent: fc.constantFrom(2, 4),
  crlf: fc.boolean(),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The repository's own server entries, in a layout only the repo uses. */
const ownEntry = (name: string) =>
  `{ "type": "stdio", "command": "./bin/${name}", "args": ["--repo"] }`;

function filesOf(s: Scenario) {
  const fromLists = s.from.config.permissions!;
  const lists: Record<string, string[]> = {};
  for (const list of LISTS) {
    const carried = s.carried[list].filter(r => fromLists[list]!.includes(r));
    lists[list] = [...new Set([...carried, ...s.added[list]])];
  }
  const baseServers = s.carried.servers.filter(n =>
    s.from.config.mcpServers!.includes(`api:default/${n}`),
  );
  const own = s.added.servers.filter(n => !baseServers.includes(n));
  const pad = ' '.repeat(s.indent);
  const eol = s.crlf ? '\r\n' : '\n';
  const mcpLines = [
    ...baseServers.map(
      n =>
        `${pad}${pad}"${n}": { "type": "http", "url": "https://${n}.example.com/mcp" }`,
    ),
    ...own.map(n => `${pad}${pad}"${n}": ${ownEntry(n)}`),
  ];
  const settings = JSON.stringify(
    {
      model: s.from.config.modelRouting!.default,
      permissions: lists,
      enabledMcpjsonServers: [...baseServers, ...own],
    },
    null,
    s.indent,
  );
  return {
    files: {
      'CLAUDE.md': `<!-- agent-platform: extends: org-base@1.0.0 -->${eol}${eol}# repo${eol}`,
      '.claude/settings.json': `${settings.replace(/\n/g, eol)}${eol}`,
      '.mcp.json': [
        '{',
        `${pad}"mcpServers": {`,
        mcpLines.join(`,${eol}`),
        `${pad}}`,
        '}',
        '',
      ].join(eol),
    } as Record<string, string>,
    lists,
    own,
  };
}

const runs = { numRuns: 80 };

describe('upgradeAgentFiles properties', () => {
  it('keeps every repository addition, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async s => {
        const { files, lists, own } = filesOf(s);
        const result = await upgradeAgentFiles({
          files,
          base: baseOf([s.from, s.to]),
          mcpServers: SERVERS,
        });
        if (!result.ok) throw new Error(result.error.message);
        const after = { ...files, ...result.files };
        const settings = JSON.parse(after['.claude/settings.json']);
        for (const list of LISTS) {
          const base = [
            ...s.from.config.permissions![list]!,
            ...s.to.config.permissions![list]!,
          ];
          for (const rule of lists[list].filter(r => !base.includes(r))) {
            expect(settings.permissions[list]).toContain(rule);
          }
        }
        const releaseServers = [
          ...s.from.config.mcpServers!,
          ...s.to.config.mcpServers!,
        ];
        for (const name of own) {
          if (releaseServers.includes(`api:default/${name}`)) continue;
          expect(after['.mcp.json']).toContain(`"${name}": ${ownEntry(name)}`);
        }
      }),
      runs,
    );
  });

  it('is idempotent', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async s => {
        const { files } = filesOf(s);
        const base = baseOf([s.from, s.to]);
        const first = await upgradeAgentFiles({
          files,
          base,
          mcpServers: SERVERS,
        });
        if (!first.ok) throw new Error(first.error.message);
        const second = await upgradeAgentFiles({
          files: { ...files, ...first.files },
          base,
          mcpServers: SERVERS,
        });
        expect(second).toEqual(
          expect.objectContaining({ ok: true, upToDate: true, files: {} }),
        );
      }),
      runs,
    );
  });

  it('upgrade then check: no new violation except the reported conflicts', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async s => {
        const { files } = filesOf(s);
        const base = baseOf([s.from, s.to]);
        const result = await upgradeAgentFiles({
          files,
          base,
          mcpServers: SERVERS,
        });
        if (!result.ok) throw new Error(result.error.message);
        const check = (texts: Record<string, string>) =>
          checkAgentWorkspace({
            readFile: async p => texts[p],
            base,
            mcpServers: SERVERS,
            skills: [],
            now: NOW,
          });
        const before = await check(files);
        const after = await check({ ...files, ...result.files });
        expect(after.pin?.version).toBe('2.0.0');
        const known = new Set(
          before.violations.map(v => `${v.rule} ${v.item}`),
        );
        const reported = new Set(result.conflicts.map(c => c.item));
        const unexplained = after.violations.filter(
          v => !known.has(`${v.rule} ${v.item}`) && !reported.has(v.item!),
        );
        expect(unexplained).toEqual([]);
      }),
      runs,
    );
  });
});
