import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  exampleCatalogConfig,
  startSpendBackend,
  waitFor,
} from '../spend/__testUtils__/spendTestBackend';
import { examplesRoot } from '../__testUtils__/exampleCatalog';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** A second skills folder: a team's near-copy of code-review, an empty folder, a binary SKILL.md. */
function teamSkills() {
  const dir = mkdtempSync(join(tmpdir(), 'team-skills-'));
  const copy = join(dir, 'payments-code-review');
  cpSync(join(examplesRoot, 'skills/code-review'), copy, { recursive: true });
  const text = readFileSync(join(copy, 'SKILL.md'), 'utf8')
    .replace('name: code-review', 'name: payments-code-review')
    .replace('owner: platform', 'owner: payments')
    .replace('scope: org', 'scope: team')
    .replace('# Code review', '# Code review (payments)\n\nAlso check idempotency keys.');
  writeFileSync(join(copy, 'SKILL.md'), text);
  mkdirSync(join(dir, 'empty-skill'));
  mkdirSync(join(dir, 'binary-skill'));
  writeFileSync(
    join(dir, 'binary-skill', 'SKILL.md'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48]),
  );
  return dir;
}

describe('GET /health/near-duplicates', () => {
  it('lists the team near-copy of a registry skill from the snapshot, and skips what cannot be compared', async () => {
    const knex = await databases.init('SQLITE_3');
    const catalog = exampleCatalogConfig() as any;
    catalog.providers.agentPlatform.skills.push(teamSkills());
    const backend = await startSpendBackend(knex, {}, { config: { catalog } });
    const get = (auth = mockCredentials.user.header()) =>
      request(backend.server)
        .get('/api/agent-platform/health/near-duplicates')
        .set('Authorization', auth);
    try {
      await waitFor('the team copy in the snapshot', async () => {
        const res = await get();
        return (
          res.status === 200 &&
          res.body.pairs.some((p: any) => p.b === 'airesource:default/payments-code-review')
        );
      });
      const { body } = await get();
      expect(body.method).toMatch(/^Jaccard similarity of word 3-shingle sets/);
      expect(body.threshold).toBe(0.5);
      const pair = body.pairs.find(
        (p: any) => p.b === 'airesource:default/payments-code-review',
      );
      expect(pair).toMatchObject({
        a: 'airesource:default/code-review',
        kind: 'consolidation',
        useInstead: 'airesource:default/code-review',
      });
      expect(pair.similarity).toBeGreaterThan(0.9);
      expect(pair.similarity).toBeLessThan(1);
      // The 14 example skills and the copy are compared; the binary one is
      // skipped, saying why; the empty folder is no skill in the catalog.
      expect(body.compared).toBe(15);
      expect(body.skipped).toEqual([
        { ref: 'airesource:default/binary-skill', reason: 'its SKILL.md is binary' },
      ]);
      expect(body.pairs).toHaveLength(1);
      const denied = await get(mockCredentials.none.header());
      expect(denied.status).toBe(401);
    } finally {
      await backend.stop();
    }
  });
});
