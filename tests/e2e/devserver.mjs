// Stand-in for `herald serve --web DIR` while a server without --web is all
// there is: serves the built dashboard (index.html fallback for client-side
// routes, the same strict CSP) and forwards /api/, /healthz and /metrics to
// the herald API at --api. Loopback only; for tests/integration/dashboard.sh.
// Usage: node devserver.mjs --root DIR --api http://127.0.0.1:PORT --port-file F
import { createServer, request } from 'node:http';
import { readFile, writeFile, rename } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) => (i % 2 ? a : [...a, [v.replace(/^--/, ''), all[i + 1]]]), []));
const root = normalize(args.root);
const api = new URL(args.api);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };
const security = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

function proxy(req, res) {
  const up = request({ host: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
  req.pipe(up);
}

async function serveFile(req, res) {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(root + sep) && file !== root) { res.writeHead(404, security); res.end(); return; }
  if (path === '/' || !extname(path)) file = join(root, 'index.html');
  try {
    const body = await readFile(file);
    res.writeHead(200, { ...security, 'Content-Type': types[extname(file)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, { ...security, 'Content-Type': 'text/plain' });
    res.end('not found');
  }
}

const server = createServer((req, res) => {
  if (req.url.startsWith('/api/') || req.url === '/healthz' || req.url === '/metrics') proxy(req, res);
  else if (req.method === 'GET' || req.method === 'HEAD') serveFile(req, res);
  else { res.writeHead(405, security); res.end(); }
});
server.listen(0, '127.0.0.1', async () => {
  const tmp = `${args['port-file']}.tmp`;
  await writeFile(tmp, `${server.address().port}\n`);
  await rename(tmp, args['port-file']);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
