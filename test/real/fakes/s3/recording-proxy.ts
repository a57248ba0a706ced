/**
 * The recording front as its own program (`tsx recording-proxy.ts <upstream port> <file>`): it
 * prints its endpoint on stdout, then writes each request's method, URL and headers to `file` (one
 * JSON object a line) before handing the request on unchanged. A process of its own because the
 * suites run rclone with spawnSync, which would stall a front living in their event loop.
 *
 * It forwards the client's own Host header, which is what the SigV4 signature covers (versitygw
 * v1.8.0 internal/sigv4auth/ctx.go `hostFromCtx`), so the server behind it still checks every signature.
 */
import { appendFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

const [upstreamPort, file] = [Number(process.argv[2]), process.argv[3]!];
const flat = (headers: IncomingHttpHeaders): Record<string, string> => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));

const server = createServer((req, res) => {
  appendFileSync(file, `${JSON.stringify({ method: req.method, url: `${endpoint}${req.url}`, headers: flat(req.headers) })}\n`);
  const forward = request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    answer.pipe(res);
  });
  forward.on('error', (e) => res.destroy(e));
  req.pipe(forward);
});
let endpoint = '';
server.listen(0, '127.0.0.1', () => {
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.stdout.write(`${endpoint}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
