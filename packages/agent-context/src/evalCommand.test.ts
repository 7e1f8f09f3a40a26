import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXIT_ERROR, EXIT_FAILED, EXIT_OK } from './check';
import { runEval } from './evalCommand';

const skills = resolve(__dirname, '../../../examples/skills');
const NOW = new Date('2026-12-06T09:00:00Z');

/** A stand-in for the portal: records each request, answers as told. */
let server: Server;
let portal: string;
let seen: Array<{ url?: string; auth?: string; body: any }>;
let answer: { status: number; body: unknown };

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', c => {
      text += c;
    });
    req.on('end', () => {
      seen.push({ url: req.url, auth: req.headers.authorization, body: JSON.parse(text) });
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  portal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise(r => server.close(r)));
beforeEach(() => {
  seen = [];
  answer = { status: 201, body: {} };
});

const run = async (args: string[], env: Record<string, string> = {}) => {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    fetch,
    now: () => NOW,
    env,
  };
  const code = await runEval(args, io);
  return { code, out: io.out, err: io.err };
};

describe('agent-context eval', () => {
  it('posts the result of the skill in the folder, at its SKILL.md version, with GitHub Actions defaults', async () => {
    const r = await run(
      [join(skills, 'code-review'), '--portal', `${portal}/`, '--suite', 'golden', '--passed', '9', '--failed', '0', '--skipped', '1'],
      {
        AGENT_CONTEXT_EVAL_TOKEN: 'tok',
        GITHUB_REPOSITORY: 'acme/skills',
        GITHUB_RUN_ID: '77',
        GITHUB_RUN_ATTEMPT: '2',
      },
    );
    expect(r).toEqual({
      code: EXIT_OK,
      out: 'Stored: code-review@1.4.0 passed (golden: 9 passed, 0 failed, 1 skipped)\n',
      err: '',
    });
    expect(seen).toEqual([
      {
        url: '/api/agent-platform/skills/default/code-review/evals',
        auth: 'Bearer tok',
        body: {
          version: '1.4.0',
          outcome: 'passed',
          suite: 'golden',
          counts: { passed: 9, failed: 0, skipped: 1, total: 10 },
          runUrl: 'https://github.com/acme/skills/actions/runs/77',
          ranAt: '2026-12-06T09:00:00.000Z',
          idempotencyKey: 'github:acme/skills:77:2:golden',
        },
      },
    ]);
  });

  it('names bad input before sending anything', async () => {
    const r = await run([
      join(skills, 'code-review'), '--portal', portal, '--token', 't', '--suite', 'golden',
      '--passed', '0', '--failed', '-1', '--idempotency-key', 'run-12345',
    ]);
    expect(r.code).toBe(EXIT_ERROR);
    expect(r.err).toBe(
      'Not sent: the result for code-review is invalid:\n- counts.failed must not be negative\n- counts.total must not be negative\n',
    );
    const missing = await run([join(skills, 'code-review'), '--portal', portal, '--suite', 'x', '--passed', '1', '--failed', '0']);
    expect(missing.err).toMatch(/^--token \(or AGENT_CONTEXT_EVAL_TOKEN\) is required/);
    const noFolder = mkdtempSync(join(tmpdir(), 'eval-'));
    mkdirSync(join(noFolder, 'x'));
    writeFileSync(join(noFolder, 'x', 'README.md'), 'x');
    const noSkill = await run([join(noFolder, 'x'), '--portal', portal, '--token', 't', '--suite', 's', '--passed', '1', '--failed', '0', '--idempotency-key', 'run-12345']);
    expect(noSkill.code).toBe(EXIT_ERROR);
    expect(noSkill.err).toMatch(/^Cannot read .*SKILL\.md/);
    expect(seen).toEqual([]);
  });

  it("reports the portal's refusal and exits 1", async () => {
    answer = { status: 409, body: { error: { message: 'A result with idempotency key "run-12345" was already recorded' } } };
    const r = await run([
      join(skills, 'code-review'), '--portal', portal, '--token', 't', '--suite', 'golden',
      '--passed', '3', '--failed', '1', '--idempotency-key', 'run-12345',
    ]);
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.err).toBe(
      'The portal refused the result (409): A result with idempotency key "run-12345" was already recorded\n',
    );
    expect(seen[0].body.outcome).toBe('failed');
  });
});
