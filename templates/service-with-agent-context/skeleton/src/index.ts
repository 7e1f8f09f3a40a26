import { createServer, IncomingMessage, ServerResponse } from 'node:http';

const SERVICE = '${{ values.name }}';

export function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', service: SERVICE }));
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'not found' }));
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080);
  createServer(handle).listen(port, () => {
    console.log(`${SERVICE} listening on ${port}`);
  });
}
