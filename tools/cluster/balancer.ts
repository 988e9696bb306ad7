/**
 * A round-robin HTTP load balancer for the local cluster topology: what the bank's load balancer
 * does in front of several API instances. A backend that refuses the connection (stopped,
 * restarting) is skipped and the request goes to the next one, so an instance can be restarted
 * without a client noticing. Written here (about 60 lines on node:http) rather than taken from a
 * library because it only serves the local topology and its tests; production has its own.
 * Request bodies are buffered (the API accepts at most 100 kB) so a refused attempt can be retried.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

export async function startBalancer({ port, backends }: { port: number; backends: string[] }): Promise<Balancer> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (tried: number) => {
        const backend = new URL(backends[next++ % backends.length]!);
        const upstream = http.request(
          { host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          // Only a refused or reset connection before any answer is retried elsewhere.
          if (!res.headersSent && tried + 1 < backends.length && (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET')) return attempt(tried + 1);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'no API instance answered' }));
          else res.destroy();
        });
        res.on('close', () => upstream.destroy());
        upstream.end(body);
      };
      attempt(0);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => server.listen(port, '127.0.0.1', resolve).once('error', reject));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
