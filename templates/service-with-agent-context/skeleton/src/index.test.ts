import assert from 'node:assert/strict';
import { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { handle } from './index';

test('GET /healthz answers ok', async () => {
  const server = createServer(handle).listen(0);
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      status: 'ok',
      service: '${{ values.name }}',
    });
  } finally {
    server.close();
  }
});
