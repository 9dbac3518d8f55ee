#!/usr/bin/env node
// Serves the demo site and the built library on http://127.0.0.1:8080 (PORT to change it), plus a
// small development endpoint at /collect that accepts consent events, so the whole loop works.
// It never reads or logs the client's IP address. (The reference collector with a database and a
// dashboard is a later project milestone; this endpoint keeps events in memory only.)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon',
};
const events = new Map();

export function createDemoServer({ quiet = false } = {}) {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === "/collect") return collect(req, res, quiet);
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/demo/' });
      return res.end();
    }
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root + '/') || path.includes('/node_modules/') || path.includes('/.git')) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(path.includes('/dist/') ? 'not found: run `npm run build` first' : 'not found');
    }
  });
}

function collect(req, res, quiet) {
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST, GET, OPTIONS' };
  if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
  if (req.method === 'GET') {
    res.writeHead(200, { ...cors, 'content-type': 'application/json' });
    return res.end(JSON.stringify([...events.values()], null, 2));
  }
  if (req.method !== 'POST') return res.writeHead(405, cors).end();
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => { body += c; if (body.length > 1_000_000) req.destroy(); });
  req.on('end', () => {
    try {
      const parsed = JSON.parse(body);
      const list = Array.isArray(parsed) ? parsed : [parsed];
      let added = 0;
      for (const e of list) {
        if (!e || typeof e.id !== 'string') throw new Error('an event has no id');
        if (!events.has(e.id)) { events.set(e.id, { ...e, received_at: new Date().toISOString() }); added++; }
      }
      if (!quiet) console.log(`collect: ${list.length} event(s), ${added} new: ${list.map((e) => e.type).join(', ')}`);
      res.writeHead(202, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ accepted: list.length }));
    } catch (e) {
      res.writeHead(400, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ error: `invalid batch: ${e.message}` }));
    }
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  createDemoServer().listen(port, host, () => {
    console.log(`demo:      http://${host}:${port}/demo/  (English: /demo/en.html)`);
    console.log(`privacy:   http://${host}:${port}/demo/privacy.html`);
    console.log(`events:    http://${host}:${port}/collect  (received consent events, in memory)`);
  });
}
