import {
  exampleDatabases,
  useExampleBackend,
} from './__testUtils__/exampleBackend';

// Skills, subagents and rules of the example organisation through the real
// catalog and the plugin's routes. Expected values come from the example's
// files: examples/subagents, examples/rules, and the payments-api and
// agent-platform-tools repositories' .claude folders.

const databases = exampleDatabases();

describe.each(databases.eachSupportedId())(
  'agent assets of the example organisation on %p',
  databaseId => {
    const backend = useExampleBackend(databases, databaseId);

    async function assetsOf(path: string, wanted: (body: any) => boolean) {
      const { get } = backend();
      for (let attempt = 0; attempt < 120; attempt++) {
        const res = await get(path);
        if (res.status === 200 && wanted(res.body)) return res.body;
        await new Promise(r => setTimeout(r, 500));
      }
      throw new Error(`${path} never answered as expected`);
    }

    it("lists a team's skills, subagents and rules, with the subagent tools its rules deny", async () => {
      const payments = await assetsOf(
        '/entities/group/default/payments/agent-assets',
        body => body.subagents.length >= 2 && body.rules.length >= 3,
      );
      expect(payments.subagents.map((s: any) => [s.ref, s.source])).toEqual([
        ['airesource:default/pci-evidence-collector', 'team'],
        ['airesource:default/security-reviewer', 'org'],
      ]);
      expect(
        payments.rules.map((r: any) => [r.ref, r.source, r.paths]),
      ).toEqual([
        [
          'airesource:default/api-errors',
          'org',
          ['src/api/**/*.ts', 'src/routes/**/*.ts'],
        ],
        ['airesource:default/no-secrets-in-logs', 'org', undefined],
        [
          'airesource:default/payments-api-migrations',
          'repo',
          ['db/migrations/**'],
        ],
      ]);
      // payments pins org-base 2.4.0, which denies Read(./.env) since 2.2.0.
      expect(payments.violations).toEqual([
        expect.objectContaining({
          rule: 'subagent-tool-denied',
          severity: 'error',
          asset: 'airesource:default/pci-evidence-collector',
          item: 'Read(./.env)',
          conflictsWith: { item: 'Read(./.env)', layer: 'base@2.4.0' },
        }),
      ]);
      const collector = payments.subagents[0];
      expect(collector.version).toBe('0.3.0');
      expect(
        collector.tools.find((t: any) => t.tool === 'Read(./.env)').access,
      ).toBe('denied');
      // Skills: the effective config's, inherited from the base or the team's own.
      expect(payments.skills.length).toBeGreaterThan(0);
      const review = payments.skills.find(
        (s: any) => s.ref === 'airesource:default/code-review',
      );
      expect(review).toMatchObject({
        source: 'org',
        version: '1.4.0',
        evalStatus: 'passing',
      });
      expect(review.layer).toMatch(/^base@/);

      // The platform team sees its repository's subagent, not payments' team one.
      const platform = await assetsOf(
        '/entities/group/default/platform/agent-assets',
        body => body.subagents.length >= 2,
      );
      expect(
        platform.subagents.map((s: any) => [s.ref, s.source, s.component]),
      ).toEqual([
        [
          'airesource:default/agent-platform-tools-release-checker',
          'repo',
          'component:default/agent-platform-tools',
        ],
        ['airesource:default/security-reviewer', 'org', undefined],
      ]);
    });

    it('serves the SKILL.md, a subagent prompt and a rule, and refuses other entities', async () => {
      const { get } = backend();
      await assetsOf(
        '/entities/group/default/payments/agent-assets',
        b => b.subagents.length >= 2,
      );
      const skill = await get('/assets/default/code-review/document');
      expect(skill.status).toBe(200);
      expect(skill.body.type).toBe('skill');
      expect(skill.body.frontmatter).toContain('name: code-review');
      expect(skill.body.body).toContain('# Code review');

      const prompt = await get('/assets/default/security-reviewer/document');
      expect(prompt.status).toBe(200);
      expect(prompt.body).toMatchObject({
        ref: 'airesource:default/security-reviewer',
        type: 'subagent',
      });
      expect(prompt.body.source).toMatch(
        /^file:.*examples\/subagents\/security-reviewer\.md$/,
      );
      expect(prompt.body.body).toContain(
        'You review one change for security problems',
      );

      const rule = await get(
        '/assets/default/payments-api-migrations/document',
      );
      expect(rule.status).toBe(200);
      expect(rule.body.body).toContain('# Migrations');

      const config = await get(
        '/assets/default/payments-agent-config/document',
      );
      expect(config.status).toBe(400);
      expect(config.body.error.message).toBe(
        'airesource:default/payments-agent-config is not a skill, subagent or rule',
      );
      expect((await get('/assets/default/nope/document')).status).toBe(404);
    });
  },
);
