// A real local HTTP endpoint for the delivery tests, started and stopped with the web-test-runner
// server. It listens on 127.0.0.1 with a random port, which is another origin than the test pages
// (http://localhost:8000), so every POST goes through CORS with a preflight.
//
// Each test asks for its own bucket (path /c/<bucket>): parallel test files never see each other's
// events or faults. Per bucket it records every request, dedupes events by CloudEvent id (as a real
// collector must), validates every event against schema/consent-event.schema.json with ajv
// (draft 2020-12 + formats) and keeps the validation failures.
//
// Fault injection, per bucket: `down` (sockets destroyed for a while: the browser sees a network
// error), a status for the next N POSTs (500, 429 with Retry-After, 400 ...), slow replies, and
// "lost" replies (the events are committed, then the connection is cut before the answer).
//
// Browser side: test/helpers/collector.ts (wtr server commands `collector:*`).
// This is a test fixture only; the reference collector of the project lives in src/collector.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const BATCH_TYPE = 'application/cloudevents-batch+json';

function newBucket() {
  return {
    requests: [], // every POST, in arrival order
    preflights: 0,
    refused: 0, // connections cut while "down"
    events: new Map(), // id -> first accepted copy
    duplicates: [], // ids accepted again after the first time
    invalid: [], // { id, errors } for events that failed the schema
    faults: [],
    downUntil: 0,
    inflight: 0,
    maxInflight: 0,
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ schemaPath?: string }} [options]
 */
export function collectorPlugin({ schemaPath = 'schema/consent-event.schema.json' } = {}) {
  /** @type {http.Server | null} */
  let server = null;
  let port = 0;
  let counter = 0;
  let validate = null;
  const buckets = new Map();
  const sockets = new Set();

  const bucketOf = (name) => {
    let b = buckets.get(name);
    if (!b) buckets.set(name, (b = newBucket()));
    return b;
  };

  function cors(req) {
    return {
      'access-control-allow-origin': req.headers.origin ?? '*',
      // Allowing credentials makes the "no cookies" test meaningful: a library that sent them
      // would get them through.
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
      'access-control-expose-headers': 'retry-after',
      'access-control-max-age': '0',
      vary: 'origin',
    };
  }

  async function handle(req, res) {
    const path = new URL(req.url, 'http://collector').pathname;
    const m = /^\/c\/([\w-]+)$/.exec(path);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const b = bucketOf(m[1]);
    if (b.downUntil > Date.now()) {
      b.refused++;
      req.socket.destroy();
      return;
    }
    if (req.method === 'OPTIONS') {
      b.preflights++;
      res.writeHead(204, cors(req)).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, cors(req)).end();
      return;
    }
    b.inflight++;
    b.maxInflight = Math.max(b.maxInflight, b.inflight);
    try {
      const body = await readBody(req);
      const fault = b.faults[0];
      if (fault && --fault.times <= 0) b.faults.shift();
      const entry = {
        at: Date.now(),
        url: req.url,
        contentType: req.headers['content-type'] ?? null,
        cookie: req.headers.cookie ?? null,
        referer: req.headers.referer ?? null,
        origin: req.headers.origin ?? null,
        body,
        ids: [],
        status: 0,
      };
      b.requests.push(entry);
      let events = null;
      try {
        events = JSON.parse(body);
      } catch {
        /* reported below */
      }
      const reply = (status, headers = {}, text = '') => {
        entry.status = status;
        res.writeHead(status, { ...cors(req), 'content-type': 'application/json', ...headers }).end(text);
      };
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (!Array.isArray(events)) {
        b.invalid.push({ id: null, errors: ['the body is not a JSON array'] });
        return reply(400);
      }
      entry.ids = events.map((e) => e?.id ?? null);
      const bad = [];
      for (const e of events) {
        if (!validate(e)) bad.push({ id: e?.id ?? null, errors: validate.errors.map((x) => `${x.instancePath} ${x.message}`) });
      }
      b.invalid.push(...bad);
      if (entry.contentType !== BATCH_TYPE) return reply(415);
      if (bad.length) return reply(400, {}, JSON.stringify(bad));
      if (fault?.status) return reply(fault.status, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
      for (const e of events) {
        if (b.events.has(e.id)) b.duplicates.push(e.id);
        else b.events.set(e.id, e);
      }
      if (fault?.lost) {
        // Committed, but the answer never arrives: the sender must retry and the dedupe must hold.
        entry.status = -1;
        req.socket.destroy();
        return;
      }
      reply(200, {}, JSON.stringify({ accepted: events.length }));
    } finally {
      b.inflight--;
    }
  }

  const commands = {
    'collector:new'() {
      const bucket = `b${++counter}-${Math.random().toString(36).slice(2, 8)}`;
      bucketOf(bucket);
      return {
        bucket,
        url: `http://127.0.0.1:${port}/c/${bucket}`,
        // Same site as the test pages (cookies ignore ports), still another origin.
        localhostUrl: `http://localhost:${port}/c/${bucket}`,
      };
    },
    'collector:fault'({ bucket, fault }) {
      bucketOf(bucket).faults.push({ times: 1, ...fault });
      return true;
    },
    'collector:down'({ bucket, ms }) {
      bucketOf(bucket).downUntil = ms == null ? Infinity : Date.now() + ms;
      return true;
    },
    'collector:up'({ bucket }) {
      bucketOf(bucket).downUntil = 0;
      return true;
    },
    'collector:state'({ bucket }) {
      const b = bucketOf(bucket);
      return {
        requests: b.requests,
        preflights: b.preflights,
        refused: b.refused,
        ids: [...b.events.keys()],
        events: [...b.events.values()],
        duplicates: b.duplicates,
        invalid: b.invalid,
        maxInflight: b.maxInflight,
        now: Date.now(),
      };
    },
  };

  return {
    name: 'collector',
    async serverStart() {
      const ajv = new Ajv2020({ allErrors: true });
      addFormats(ajv);
      validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
      server = http.createServer((req, res) => {
        handle(req, res).catch((e) => {
          if (!res.headersSent) res.writeHead(500).end(String(e));
        });
      });
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      port = server.address().port;
    },
    async serverStop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    },
    async executeCommand({ command, payload }) {
      const fn = commands[command];
      return fn ? fn(payload ?? {}) : undefined;
    },
  };
}
