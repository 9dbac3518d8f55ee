// A small static file server for e2e tests and the benchmark. Node's http only, no dependencies.
//
//   const server = await serveStatic({ root: 'dist', routes: { '/': () => ({ body: html, type: 'text/html' }) } });
//   await page.goto(server.url + '/');
//   await server.close();
//
// It listens on 127.0.0.1 on a free port. Like a CDN it can compress responses (gzip or brotli,
// negotiated from Accept-Encoding, or forced) so that byte counts seen by the browser are realistic.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest))|svg/;

/** gzip -9 / brotli 11 of a buffer, the settings a CDN uses for pre-compressed static files. */
export function compress(buf, encoding) {
  if (encoding === 'br') {
    return brotliCompressSync(buf, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length },
    });
  }
  if (encoding === 'gzip') return gzipSync(buf, { level: 9 });
  return buf;
}

function negotiate(acceptEncoding, mode) {
  if (!mode) return null;
  if (mode === 'gzip' || mode === 'br') return mode;
  const accepted = String(acceptEncoding ?? '').split(',').map((s) => s.trim().split(';')[0]);
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return null;
}

/**
 * Starts a server.
 * @param {object} options
 * @param {string} [options.root] folder served for paths no route handles (files only, no listings)
 * @param {Record<string,string> | ((req: import('node:http').IncomingMessage) => Record<string,string>)} [options.headers]
 *   extra headers on every response (a function gets the request)
 * @param {Record<string, (req, url: URL) => (RouteResult | void | Promise<RouteResult | void>)>} [options.routes]
 *   exact paths (e.g. '/' or '/csp-report'). A handler returns `{ status?, type?, body?, headers? }`,
 *   or nothing for 204. A path ending in '/*' matches everything below it.
 * @param {false | 'auto' | 'gzip' | 'br'} [options.compress] response compression; default false.
 *   'auto' follows Accept-Encoding (br over gzip); 'gzip' / 'br' force one.
 * @param {string} [options.cacheControl] default 'no-store', so every visit fetches again.
 * @param {(entry: {method: string, path: string, status: number, encoding: string|null, bytes: number}) => void} [options.onResponse]
 *   called for every response with the body bytes sent.
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 *
 * @typedef {{ status?: number, type?: string, body?: string | Buffer, headers?: Record<string,string> }} RouteResult
 */
export async function serveStatic({
  root, headers = {}, routes = {}, compress: mode = false, cacheControl = 'no-store', onResponse,
} = {}) {
  const rootDir = root ? resolve(root) : null;
  const cache = new Map(); // `${file}:${mtime}:${encoding}` -> Buffer

  const findRoute = (path) => {
    if (routes[path]) return routes[path];
    for (const [key, handler] of Object.entries(routes)) {
      if (key.endsWith('/*') && path.startsWith(key.slice(0, -1))) return handler;
    }
    return null;
  };

  const send = (req, res, { status = 200, type, body, headers: own = {} }, cacheKey) => {
    const extra = typeof headers === 'function' ? headers(req) : headers;
    const out = { 'cache-control': cacheControl, ...extra, ...own };
    if (type) out['content-type'] = type;
    let payload = body == null ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(String(body));
    const encoding = payload.length > 0 && COMPRESSIBLE.test(type ?? '') ? negotiate(req.headers['accept-encoding'], mode) : null;
    if (encoding) {
      const key = cacheKey && `${cacheKey}:${encoding}`;
      let packed = key && cache.get(key);
      if (!packed) {
        packed = compress(payload, encoding);
        if (key) cache.set(key, packed);
      }
      payload = packed;
      out['content-encoding'] = encoding;
      out.vary = 'Accept-Encoding';
    }
    out['content-length'] = String(payload.length);
    res.writeHead(status, out);
    res.end(req.method === 'HEAD' ? undefined : payload);
    onResponse?.({ method: req.method, path: new URL(req.url, 'http://x').pathname, status, encoding, bytes: payload.length });
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, `http://${req.headers.host ?? '127.0.0.1'}`);
      const route = findRoute(url.pathname);
      if (route) {
        const result = await route(req, url);
        if (res.headersSent || res.writableEnded) return; // the handler answered by itself
        send(req, res, result ?? { status: 204 });
        return;
      }
      if (!rootDir || (req.method !== 'GET' && req.method !== 'HEAD')) {
        send(req, res, { status: 404, type: 'text/plain', body: 'not found' });
        return;
      }
      const file = normalize(join(rootDir, decodeURIComponent(url.pathname)));
      if (file !== rootDir && !file.startsWith(rootDir + sep)) {
        send(req, res, { status: 403, type: 'text/plain', body: 'forbidden' });
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        send(req, res, { status: 404, type: 'text/plain', body: 'not found' });
        return;
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      send(req, res, { type, body: await readFile(file) }, `${file}:${info.mtimeMs}`);
    } catch (e) {
      if (!res.headersSent) send(req, res, { status: 500, type: 'text/plain', body: String(e?.stack ?? e) });
      else res.destroy();
    }
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

/** Reads a request body as text (for POST routes such as a CSP report endpoint). */
export async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}
