import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

// Starts the wrapper, a stand-in portal and the generator as real processes.
jest.setTimeout(120_000);

const repoRoot = resolve(__dirname, '../../../..');

function freePort(): Promise<number> {
  return new Promise(done => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

describe('scripts/start-with-demo-data.mjs', () => {
  it('starts the portal, runs the generator once it is ready, and stops everything on a signal', async () => {
    const port = await freePort();
    // A stand-in for `yarn start`: a backend that becomes ready after a second.
    const fakePortal = `node -e "
      const http = require('http');
      setTimeout(() => http.createServer((req, res) => {
        res.writeHead(req.url === '/.backstage/health/v1/readiness' ? 200 : 404);
        res.end('{}');
      }).listen(${port}, '127.0.0.1'), 1000);
    "`;
    const wrapper = spawn(
      process.execPath,
      [
        'scripts/start-with-demo-data.mjs',
        '--backend',
        `http://127.0.0.1:${port}`,
        '--',
        '--dry-run',
        '--days',
        '3',
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, AGENT_PLATFORM_START_COMMAND: fakePortal },
      },
    );
    let output = '';
    wrapper.stdout.on('data', d => {
      output += d;
    });
    wrapper.stderr.on('data', d => {
      output += d;
    });
    const exited = new Promise<number | null>(r =>
      wrapper.on('exit', c => r(c)),
    );

    for (let i = 0; i < 600 && !output.includes('keeps running'); i++) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(output).toContain(
      `[demo-data] The backend answers at http://127.0.0.1:${port}; sending the demo telemetry.`,
    );
    expect(output).toMatch(
      /Generated \d+ data points in \d+ sessions over 3 days for 7 teams \(seed 42\)\./,
    );
    expect(output).toContain(
      '[demo-data] Demo telemetry sent. The portal keeps running; Ctrl-C stops it.',
    );
    expect(await answers(`http://127.0.0.1:${port}/`)).toBe(true);

    wrapper.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('[demo-data] Stopping (SIGINT)...');
    for (
      let i = 0;
      i < 50 && (await answers(`http://127.0.0.1:${port}/`));
      i++
    ) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(await answers(`http://127.0.0.1:${port}/`)).toBe(false);
  });
});
