import { TestDatabases } from '@backstage/backend-test-utils';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { runEval } from '@agent-platform/agent-context';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import {
  INGEST_TOKEN,
  startSpendBackend,
  waitFor,
} from '../spend/__testUtils__/spendTestBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const CODE_REVIEW_TOKEN = 'test-eval-token-code-review-0123456789';
const UNKNOWN_SKILL_TOKEN = 'test-eval-token-no-such-skill-0123456';
const evalToken = (token: string, subject: string) => ({
  type: 'static',
  options: { token, subject },
  accessRestrictions: [
    { plugin: 'agent-platform', permission: 'agent-platform.skill.eval.post' },
  ],
});

const result = (overrides: Record<string, unknown> = {}) => ({
  version: '1.4.0',
  outcome: 'passed',
  suite: 'golden-prompts',
  counts: { passed: 12, failed: 0, skipped: 1, total: 13 },
  runUrl: 'https://ci.example.com/acme/skills/runs/42',
  ranAt: new Date(Date.now() - 60_000).toISOString(),
  idempotencyKey: 'ci-run-42-attempt-1',
  ...overrides,
});

// The eval tokens as app-config.yaml configures them: one static token per
// skill, its subject naming the skill, limited to the eval-post permission,
// with the real auth and permissions services.
describe('skill evaluation results', () => {
  it.each(databases.eachSupportedId())(
    'are posted by the skill own token only, once, and steer the published index (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startSpendBackend(
        knex,
        {},
        {
          realAuth: true,
          features: [permissionsServiceFactory],
          config: { permission: { enabled: true } },
          tokenAccessRestrictions: [
            {
              plugin: 'agent-platform',
              permission: 'agent-platform.spend.ingest',
            },
          ],
          externalAccess: [
            evalToken(CODE_REVIEW_TOKEN, 'skill-eval:default/code-review'),
            evalToken(UNKNOWN_SKILL_TOKEN, 'skill-eval:default/no-such-skill'),
          ],
        },
      );
      const post = (path: string, token: string, body: unknown) =>
        request(backend.server)
          .post(`/api/agent-platform/skills/${path}/evals`)
          .set('Authorization', `Bearer ${token}`)
          .send(body as object);
      const history = () =>
        request(backend.server)
          .get('/api/agent-platform/skills/default/code-review/evals')
          .set('Authorization', `Bearer ${CODE_REVIEW_TOKEN}`);
      const published = async () =>
        (
          await request(backend.server).get('/.well-known/skills/index.json')
        ).body.skills?.map((s: { name: string }) => s.name) ?? [];
      const stored = async () =>
        Number((await knex('skill_eval_results').count({ n: '*' }))[0].n);
      try {
        await waitFor('the skills in the snapshot', async () => {
          return (await history()).status === 200;
        });
        expect((await history()).body).toMatchObject({
          skill: 'airesource:default/code-review',
          version: '1.4.0',
          bar: { status: 'passing', verified: false, declared: 'passing' },
          results: [],
        });
        // Both skills the test judges at the end: the snapshot grows as the
        // catalog processes the example skills.
        await waitFor('code-review and test-writer published', async () => {
          const names = await published();
          return names.includes('code-review') && names.includes('test-writer');
        });

        // Refused, nothing stored: another skill's path, an unknown skill,
        // another permission's token, impossible counts, another version.
        const other = await post(
          'default/test-writer',
          CODE_REVIEW_TOKEN,
          result(),
        );
        expect([other.status, other.body.error?.message]).toEqual([
          403,
          'The credential skill-eval:default/code-review may not post evaluation results for airesource:default/test-writer: only a token whose subject is skill-eval:default/test-writer may',
        ]);
        const unknown = await post(
          'default/no-such-skill',
          UNKNOWN_SKILL_TOKEN,
          result(),
        );
        expect([unknown.status, unknown.body.error?.message]).toEqual([
          404,
          'No skill airesource:default/no-such-skill in the catalog',
        ]);
        const ingest = await post(
          'default/code-review',
          INGEST_TOKEN,
          result(),
        );
        expect([ingest.status, ingest.body.error?.message]).toEqual([
          403,
          'Not allowed to post skill evaluation results (agent-platform.skill.eval.post)',
        ]);
        const counts = await post(
          'default/code-review',
          CODE_REVIEW_TOKEN,
          result({ counts: { passed: 12, failed: 0, skipped: 1, total: 20 } }),
        );
        expect([counts.status, counts.body.error?.message]).toEqual([
          400,
          'Invalid evaluation result for airesource:default/code-review: counts do not add up: passed 12 + failed 0 + skipped 1 = 13, not total 20',
        ]);
        const version = await post(
          'default/code-review',
          CODE_REVIEW_TOKEN,
          result({ version: '1.5.0' }),
        );
        expect([version.status, version.body.error?.message]).toEqual([
          400,
          'version 1.5.0 is not the version of airesource:default/code-review in the catalog (1.4.0); post the result for the version the catalog has read',
        ]);
        expect(await stored()).toBe(0);
        // The eval token reads no spend and sends no telemetry.
        const spend = await request(backend.server)
          .get('/api/agent-platform/spend/teams')
          .set('Authorization', `Bearer ${CODE_REVIEW_TOKEN}`);
        expect(spend.status).toBe(403);

        // Stored once, sent by `agent-context eval` from the skill's folder;
        // the replay is refused.
        const output: string[] = [];
        const cli = (args: string[]) =>
          runEval(
            [
              resolve(__dirname, '../../../../examples/skills/code-review'),
              '--portal',
              `http://127.0.0.1:${
                (backend.server.address() as AddressInfo).port
              }`,
              '--suite',
              'golden-prompts',
              '--passed',
              '12',
              '--failed',
              '0',
              '--skipped',
              '1',
              '--ran-at',
              result().ranAt,
              '--idempotency-key',
              'ci-run-42-attempt-1',
              ...args,
            ],
            {
              stdout: t => output.push(t),
              stderr: t => output.push(t),
              fetch,
              now: () => new Date(),
              env: { AGENT_CONTEXT_EVAL_TOKEN: CODE_REVIEW_TOKEN },
            },
          );
        expect(await cli([])).toBe(0);
        expect(output).toEqual([
          'Stored: code-review@1.4.0 passed (golden-prompts: 12 passed, 0 failed, 1 skipped)\n',
        ]);
        expect(await cli([])).toBe(1);
        expect(output[1]).toMatch(/^The portal refused the result \(409\)/);
        const replay = await post(
          'default/code-review',
          CODE_REVIEW_TOKEN,
          result(),
        );
        expect(replay.status).toBe(409);
        expect(replay.body.error.message).toMatch(
          /^A result with idempotency key "ci-run-42-attempt-1" was already recorded for airesource:default\/code-review at .*; nothing was stored$/,
        );
        expect(await stored()).toBe(1);

        // A later failing run: the bar fails, verified, and the index drops it.
        const failing = await post(
          'default/code-review',
          CODE_REVIEW_TOKEN,
          result({
            outcome: 'failed',
            counts: { passed: 10, failed: 3, skipped: 0, total: 13 },
            ranAt: new Date().toISOString(),
            idempotencyKey: 'ci-run-43-attempt-1',
          }),
        );
        expect(failing.status).toBe(201);
        const after = await history();
        expect(after.body.bar).toMatchObject({
          status: 'failing',
          verified: true,
          declared: 'passing',
          latest: { suite: 'golden-prompts', counts: { failed: 3 } },
        });
        expect(after.body.results.map((r: any) => r.outcome)).toEqual([
          'failed',
          'passed',
        ]);
        expect(after.body.results[1]).toMatchObject({
          skillRef: 'airesource:default/code-review',
          version: '1.4.0',
          counts: { passed: 12, failed: 0, skipped: 1, total: 13 },
          postedBy: 'skill-eval:default/code-review',
        });
        const names = await published();
        expect(names).not.toContain('code-review');
        expect(names).toContain('test-writer');
      } finally {
        await backend.stop();
      }
    },
  );
});
