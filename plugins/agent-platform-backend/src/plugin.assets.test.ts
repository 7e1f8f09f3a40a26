import {
  exampleDatabases,
  useExampleBackend,
} from './__testUtils__/exampleBackend';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { approvedAssetsSchema } from './schemas';

// The plugin on the example organisation in the real catalog, through what it serves to
// agents: approved assets, the actions and the well-known skills index.
// Expected values are derived by hand from the example's files (see
// __testUtils__/exampleExpectations.ts), not recorded from the output.

const databases = exampleDatabases();

describe.each(databases.eachSupportedId())(
  'approved assets of the example organisation on %p',
  databaseId => {
    const backend = useExampleBackend(databases, databaseId);

    it("lists a team's approved assets and what it excludes", async () => {
      const { get } = backend();
      // Approved assets of data-eng: snowflake's exception expired; changelog-writer is
      // deprecated and dependency-upgrade's evaluation is failing.
      const dataEng = await get('/teams/default/data-eng/approved-assets');
      expect(dataEng.status).toBe(200);
      approvedAssetsSchema.parse(dataEng.body);
      expect(dataEng.body.mcpServers.map((s: any) => s.name)).toEqual([
        'github',
        'jira',
        'sentry',
        'docs-search',
      ]);
      expect(dataEng.body.skills.map((s: any) => s.ref.split('/')[1])).toEqual([
        'code-review',
        'commit-message',
        'pr-description',
        'test-writer',
        'write-adr',
        'dbt-model-review',
      ]);
      expect(dataEng.body.excluded.map((e: any) => e.ref)).toEqual([
        'api:default/snowflake',
        'airesource:default/dependency-upgrade',
        'airesource:default/changelog-writer',
      ]);
    });

    it('serves the approved assets through the actions registry', async () => {
      const { server } = backend();
      // The actions, through the actions registry's HTTP API.
      const invoked = await request(server)
        .post(
          '/api/agent-platform/.backstage/actions/v1/actions/agent-platform:get-approved-agent-assets/invoke',
        )
        .set('Authorization', mockCredentials.user.header())
        .send({ team: 'payments' });
      expect(invoked.status).toBe(200);
      expect(
        invoked.body.output.mcpServers.map((s: any) => [
          s.name,
          s.exception?.until,
        ]),
      ).toEqual([
        ['github', undefined],
        ['jira', undefined],
        ['sentry', undefined],
        ['docs-search', undefined],
        ['postgres-prod', '2027-01-31'],
      ]);
    });

    it('publishes the approved org skills at the backend root, without credentials', async () => {
      const { server } = backend();
      // The approved org skills, at the backend root, without credentials.
      const index = await request(server).get('/.well-known/skills/index.json');
      expect(index.status).toBe(200);
      expect(index.body.skills.map((s: any) => [s.name, s.files])).toEqual([
        ['code-review', ['SKILL.md', 'references/checklist.md']],
        ['commit-message', ['SKILL.md']],
        ['incident-triage', ['SKILL.md', 'references/severity-matrix.md']],
        ['pr-description', ['SKILL.md']],
        ['release-notes', ['SKILL.md', 'scripts/collect-merged-prs.sh']],
        ['test-writer', ['SKILL.md']],
        ['write-adr', ['SKILL.md', 'assets/adr-template.md']],
      ]);
    });
  },
);
