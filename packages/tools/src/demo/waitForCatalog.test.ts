import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  CatalogRefusedError,
  waitForCatalog,
  waitForWellKnownSkills,
} from '../telemetry/waitForCatalog';

async function serve(
  answer: (url: string, body: string) => { status: number; body: unknown },
) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => {
      body += c;
    });
    req.on('end', () => {
      const a = answer(req.url ?? '', body);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    portal: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

describe('waitForCatalog', () => {
  it('polls until every ref is in the catalog', async () => {
    let calls = 0;
    const bodies: any[] = [];
    const s = await serve((url, body) => {
      bodies.push({ url, ...JSON.parse(body) });
      calls++;
      return {
        status: 200,
        body: { items: calls < 3 ? [{ kind: 'Group' }, null] : [{}, {}] },
      };
    });
    const log: string[] = [];
    try {
      await waitForCatalog({
        portal: s.portal,
        token: 't',
        refs: ['group:default/a', 'user:default/b'],
        timeoutMs: 10_000,
        intervalMs: 10,
        log: l => log.push(l),
      });
    } finally {
      await s.close();
    }
    expect(calls).toBe(3);
    expect(bodies[0]).toEqual({
      url: '/api/catalog/entities/by-refs',
      entityRefs: ['group:default/a', 'user:default/b'],
      fields: ['kind', 'metadata.name'],
    });
    expect(log).toEqual([
      'Waiting for the catalog: 1 of 2 entities not in the catalog yet (user:default/b)',
      'Waiting for the catalog: 1 of 2 entities not in the catalog yet (user:default/b)',
    ]);
  });

  it('says when the token may not read the catalog', async () => {
    const s = await serve(() => ({
      status: 403,
      body: { error: { message: 'restricted' } },
    }));
    try {
      const error = await waitForCatalog({
        portal: s.portal,
        token: 't',
        refs: ['group:default/a'],
        timeoutMs: 1000,
      }).catch(e => e);
      expect(error).toBeInstanceOf(CatalogRefusedError);
      expect(error.message).toBe(
        'The catalog refused the token (403): {"error":{"message":"restricted"}}',
      );
    } finally {
      await s.close();
    }
  });

  it('gives up after the timeout, saying what it waited for', async () => {
    const s = await serve(() => ({ status: 503, body: {} }));
    try {
      await expect(
        waitForCatalog({
          portal: s.portal,
          token: 't',
          refs: ['group:default/a'],
          timeoutMs: 50,
          intervalMs: 20,
        }),
      ).rejects.toThrow(
        'Gave up waiting for the catalog after 0 s: the catalog answered 503',
      );
    } finally {
      await s.close();
    }
  });
});

describe('waitForWellKnownSkills', () => {
  it('polls until the org skills are published', async () => {
    let calls = 0;
    const s = await serve(url => {
      calls++;
      expect(url).toBe('/.well-known/skills/index.json');
      return {
        status: calls === 1 ? 503 : 200,
        body: { skills: calls < 3 ? [] : [{ name: 'code-review' }] },
      };
    });
    const log: string[] = [];
    try {
      await waitForWellKnownSkills({
        portal: `${s.portal}/`,
        timeoutMs: 10_000,
        intervalMs: 10,
        log: l => log.push(l),
      });
    } finally {
      await s.close();
    }
    expect(calls).toBe(3);
    expect(log).toEqual([
      `Waiting for the catalog: ${s.portal}/.well-known/skills/index.json answered 503`,
      'Waiting for the catalog: no skills published yet',
    ]);
  });
});
