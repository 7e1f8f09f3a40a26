import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A local stand-in for the GitHub API: it records every request and answers
 * each with a 404, so that a test can prove a refused template never reached
 * the publish step (no repository created, nothing pushed).
 */
export async function startGithubStandIn(port: number) {
  const requests: Array<{ method: string; url: string }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Not Found (GitHub stand-in)' }));
  });
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    apiBaseUrl: `http://127.0.0.1:${address.port}`,
    requests,
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
