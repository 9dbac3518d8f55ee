#!/usr/bin/env node
// Side-by-side benchmark: consent-elements against vanilla-cookieconsent 3.1.0 in headless Chromium.
//
//   node bench/run.mjs [--runs 15] [--write-readme]
//
// Needs a build (`npm run bench` builds first). Method and caveats: bench/README.md.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serveStatic } from '../e2e/helpers/server.mjs';
import { launchChromium } from '../e2e/helpers/browser.mjs';
import { instrument } from './instrument.mjs';
import { consentElementsPage, vanillaCookieconsentPage } from './pages.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT = 15_000;
const SETTLE_MS = 300;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    'write-readme': { type: 'boolean', default: false },
    only: { type: 'string' }, // 'ours' or 'peer', for development
  },
});
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, got ${args.runs}`);

const ALL_LIBS = [
  {
    id: 'ours',
    name: 'consent-elements',
    path: '/bench/consent-elements.html',
    html: consentElementsPage({ lib: '/dist/consent-elements.js' }),
    resources: '/dist/',
    banner: ['consent-banner', 'dialog'],
    accept: 'consent-banner [part~="accept"]',
  },
  {
    id: 'peer',
    name: 'vanilla-cookieconsent 3.1.0',
    path: '/bench/vanilla-cookieconsent.html',
    html: vanillaCookieconsentPage({ dir: '/node_modules/vanilla-cookieconsent/dist' }),
    resources: '/node_modules/vanilla-cookieconsent/',
    banner: ['#cc-main .cm'],
    accept: '#cc-main .cm [data-role="all"]',
  },
];
const LIBS = args.only ? ALL_LIBS.filter((l) => l.id === args.only) : ALL_LIBS;
if (!LIBS.length) throw new Error(`--only must be one of ${ALL_LIBS.map((l) => l.id).join(', ')}`);

/** Per visit: the library's own resources as loaded, with their bytes on the wire (body only). */
function libraryResources(page, prefix) {
  return page.evaluate((prefix) => performance.getEntriesByType('resource')
    .filter((e) => new URL(e.name).pathname.startsWith(prefix))
    .map((e) => ({ path: new URL(e.name).pathname, encoded: e.encodedBodySize, decoded: e.decodedBodySize })), prefix);
}

/** Console errors and uncaught exceptions of every page, reported after the run (they do not stop it). */
const pageProblems = new Map();
async function openPage(context, lib) {
  const page = await context.newPage();
  const note = (text) => {
    const key = `${lib.name}: ${text.slice(0, 300)}`;
    pageProblems.set(key, (pageProblems.get(key) ?? 0) + 1);
  };
  page.on('pageerror', (e) => note(`uncaught ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') note(`console.error ${m.text()}`); });
  await page.addInitScript(instrument, lib.banner);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  return { page, metrics };
}

const bench = (page) => page.evaluate(() => {
  const { whenOpaque, whenGated, ...values } = window.__bench;
  return values;
});
/** Waits for an in-page promise of window.__bench, with a timeout that names what did not happen. */
function waitFor(page, what, description) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT} ms waiting for ${description}`)), TIMEOUT);
  });
  return Promise.race([page.evaluate((w) => window.__bench[w].then(() => true), what), timeout]).finally(() => clearTimeout(timer));
}

/** One fresh browser context: a first visit (banner, accept all), then a return visit with the stored decision. */
async function visitPair(browser, baseUrl, lib) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const r = { lib: lib.id };
  try {
    // First visit.
    let { page, metrics } = await openPage(context, lib);
    await page.goto(baseUrl + lib.path, { waitUntil: 'load' });
    await waitFor(page, 'whenOpaque', 'the banner to be visible');
    await page.waitForTimeout(SETTLE_MS);
    let m = await metrics();
    let b = await bench(page);
    if (b.gatedAt != null) throw new Error('the gated script ran before consent');
    Object.assign(r, {
      bannerVisible: b.visibleAt, bannerOpaque: b.opaqueAt, cls: b.cls,
      scriptMs: m.ScriptDuration * 1000, styleLayoutMs: (m.RecalcStyleDuration + m.LayoutDuration) * 1000,
    });
    await page.locator(lib.accept).click({ timeout: TIMEOUT });
    await waitFor(page, 'whenGated', 'the gated script to run after accept all');
    b = await bench(page);
    r.acceptToScript = b.gatedAt - b.clickAt;
    await page.waitForTimeout(SETTLE_MS); // anything loaded after the click still counts for the first visit
    r.firstResources = await libraryResources(page, lib.resources);
    await page.close();

    // Return visit: a new page in the same context (IndexedDB / cookies kept; responses are no-store,
    // so the library is fetched again and its bytes count).
    ({ page, metrics } = await openPage(context, lib));
    await page.goto(baseUrl + lib.path, { waitUntil: 'load' });
    await waitFor(page, 'whenGated', 'the gated script to run on the return visit');
    await page.waitForTimeout(SETTLE_MS);
    m = await metrics();
    b = await bench(page);
    Object.assign(r, {
      returnGate: b.gatedAt, returnScriptMs: m.ScriptDuration * 1000, returnBannerShown: b.visibleAt != null,
      returnCls: b.cls, returnResources: await libraryResources(page, lib.resources),
    });
    await page.close();
  } finally {
    await context.close();
  }
  return r;
}

// ---------- statistics and formatting ----------
const sum = (resources) => resources.reduce((n, e) => n + e.encoded, 0);
function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return { median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, min: v[0], max: v.at(-1), n: v.length };
}
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const fmtMs = (s) => (s ? `${ms(s.median)} ms (${ms(s.min)}–${ms(s.max)})` : 'n/a');
const fmtBytes = (n) => (n == null ? 'n/a' : `${n.toLocaleString('en-US')} B`);
const fmtCls = (s) => (s ? `${s.median.toFixed(3)} (max ${s.max.toFixed(3)})` : 'n/a');

function ratioRow(label, ours, peer, target, fmt, { isTime = true } = {}) {
  const o = isTime ? ours?.median : ours;
  const p = isTime ? peer?.median : peer;
  const ratio = o != null && p ? o / p : null;
  const verdict = ratio == null ? '?' : ratio <= target ? 'met' : '**missed**';
  return `| ${label} | ${fmt(ours)} | ${fmt(peer)} | ${ratio == null ? 'n/a' : `${ratio.toFixed(2)}×`} | ≤ ${target.toFixed(1)}× ${verdict} |`;
}

function machine(browserVersion) {
  const cpu = cpus();
  return {
    date: new Date().toISOString().slice(0, 10),
    chromium: browserVersion,
    cpu: cpu[0]?.model?.trim() ?? 'unknown CPU',
    cores: cpu.length,
    node: process.version,
  };
}

function renderTable({ env, runs, results, bytes }) {
  const by = (id) => results.filter((r) => r.lib === id && !r.error);
  const S = (id, key) => stats(by(id).map((r) => r[key]));
  const ours = Object.fromEntries(['bannerVisible', 'bannerOpaque', 'acceptToScript', 'returnGate', 'scriptMs', 'cls', 'returnCls', 'styleLayoutMs', 'returnScriptMs']
    .map((k) => [k, S('ours', k)]));
  const peer = Object.fromEntries(Object.keys(ours).map((k) => [k, S('peer', k)]));
  const clsMax = Math.max(ours.cls?.max ?? NaN, ours.returnCls?.max ?? NaN);
  const lines = [
    `Measured ${env.date} · Chromium ${env.chromium} (headless) · ${env.cpu}, ${env.cores} cores · Node ${env.node} · `
      + `${runs} runs per library, interleaved, a fresh browser context per run · medians with min–max.`,
    '',
    '| Metric | consent-elements | vanilla-cookieconsent 3.1.0 | Ratio | Target |',
    '|---|---|---|---|---|',
  ];
  for (const enc of ['gzip', 'br']) {
    const label = enc === 'br' ? 'brotli' : 'gzip';
    lines.push(ratioRow(`Bytes, first visit (${label})`, bytes[enc]?.ours?.first, bytes[enc]?.peer?.first, 1.0, fmtBytes, { isTime: false }));
  }
  for (const enc of ['gzip', 'br']) {
    const label = enc === 'br' ? 'brotli' : 'gzip';
    lines.push(ratioRow(`Bytes, return visit (${label})`, bytes[enc]?.ours?.return, bytes[enc]?.peer?.return, 0.4, fmtBytes, { isTime: false }));
  }
  lines.push(
    ratioRow('Banner visible (navigation start → first painted frame)', ours.bannerVisible, peer.bannerVisible, 1.0, fmtMs),
    ratioRow('Accept all click → gated script runs', ours.acceptToScript, peer.acceptToScript, 1.0, fmtMs),
    ratioRow('Return visit: navigation start → gated script runs', ours.returnGate, peer.returnGate, 1.0, fmtMs),
    ratioRow('Main-thread script time, first visit (CDP ScriptDuration)', ours.scriptMs, peer.scriptMs, 1.0, fmtMs),
    `| CLS, first and return visit | ${fmtCls(ours.cls)} | ${fmtCls(peer.cls)} | | 0 ${ours.cls ? (clsMax === 0 ? 'met' : '**missed**') : '?'} |`,
    '',
    'For information (no target):',
    '',
    '| Metric | consent-elements | vanilla-cookieconsent 3.1.0 |',
    '|---|---|---|',
    `| Banner fully opaque (end of fade-in) | ${fmtMs(ours.bannerOpaque)} | ${fmtMs(peer.bannerOpaque)} |`,
    `| Style + layout time, first visit | ${fmtMs(ours.styleLayoutMs)} | ${fmtMs(peer.styleLayoutMs)} |`,
    `| Main-thread script time, return visit | ${fmtMs(ours.returnScriptMs)} | ${fmtMs(peer.returnScriptMs)} |`,
    `| Files, first visit | ${files(bytes.br?.ours?.firstFiles)} | ${files(bytes.br?.peer?.firstFiles)} |`,
    `| Files, return visit | ${files(bytes.br?.ours?.returnFiles)} | ${files(bytes.br?.peer?.returnFiles)} |`,
  );
  return lines.join('\n') + '\n';
}
const files = (list) => (list ? list.map((p) => `\`${p.split('/').pop()}\``).join(', ') : 'n/a');

/** Byte counts are deterministic; a run whose counts differ from the others is reported. */
function byteSummary(results, id) {
  const rs = results.filter((r) => r.lib === id && !r.error);
  if (!rs.length) return null;
  const first = stats(rs.map((r) => sum(r.firstResources)));
  const ret = stats(rs.map((r) => sum(r.returnResources)));
  if (first.min !== first.max || ret.min !== ret.max) {
    console.warn(`note: ${id} byte counts varied between runs (first ${first.min}–${first.max}, return ${ret.min}–${ret.max}); using the median`);
  }
  return {
    first: first.median, return: ret.median,
    firstFiles: rs[0].firstResources.map((e) => e.path), returnFiles: rs[0].returnResources.map((e) => e.path),
  };
}

async function replaceReadmeBlock(block) {
  const file = join(ROOT, 'README.md');
  const start = '<!-- bench:start -->', end = '<!-- bench:end -->';
  const text = existsSync(file) ? await readFile(file, 'utf8') : null;
  const i = text?.indexOf(start) ?? -1, j = text?.indexOf(end) ?? -1;
  if (i < 0 || j < i) {
    console.error(`--write-readme: README.md has no ${start} … ${end} block; nothing written there`);
    return false;
  }
  await writeFile(file, `${text.slice(0, i + start.length)}\n${block}${text.slice(j)}`);
  console.log('README.md: bench block updated');
  return true;
}

// ---------- main ----------
async function main() {
  if (!existsSync(join(ROOT, 'dist/consent-elements.js'))) {
    throw new Error('dist/consent-elements.js is missing: run `npm run build` first (or `npm run bench`)');
  }
  const routes = Object.fromEntries(ALL_LIBS.map((lib) => [lib.path, () => ({ type: 'text/html; charset=utf-8', body: lib.html })]));
  routes['/favicon.ico'] = () => ({ status: 204 });
  // 'auto' picks brotli (Chromium sends Accept-Encoding: gzip, deflate, br, zstd); the gzip server is
  // only used for one byte-count pass per library.
  const brServer = await serveStatic({ root: ROOT, routes, compress: 'auto' });
  const gzServer = await serveStatic({ root: ROOT, routes, compress: 'gzip' });
  const browser = await launchChromium();
  const env = machine(browser.version());
  const results = [];
  const failures = [];
  const attempt = async (server, lib, tag) => {
    try {
      return await visitPair(browser, server.url, lib);
    } catch (e) {
      const msg = `${tag} ${lib.name}: ${e.message.split('\n')[0]}`;
      failures.push(msg);
      console.error(`  failed: ${msg}`);
      return { lib: lib.id, error: msg };
    }
  };
  try {
    console.log(`Chromium ${env.chromium}, ${env.cpu} × ${env.cores}; ${RUNS} runs per library`);
    // One warm-up pair (not counted): the first launch of a page pays for disk caches and JIT warm-up.
    for (const lib of LIBS) await attempt(brServer, lib, 'warm-up');

    const gz = {};
    for (const lib of LIBS) {
      const r = await attempt(gzServer, lib, 'gzip pass');
      if (!r.error) gz[lib.id] = byteSummary([r], lib.id);
    }
    for (let i = 0; i < RUNS; i++) {
      const order = i % 2 ? [...LIBS].reverse() : LIBS; // alternate who goes first
      for (const lib of order) {
        const r = await attempt(brServer, lib, `run ${i + 1}`);
        results.push(r);
        if (!r.error) {
          process.stdout.write(`  run ${String(i + 1).padStart(2)} ${lib.id.padEnd(4)} visible ${ms(r.bannerVisible)} ms · `
            + `accept→script ${ms(r.acceptToScript)} ms · return gate ${ms(r.returnGate)} ms · script ${ms(r.scriptMs)} ms\n`);
        }
      }
    }
    const bytes = { gzip: gz, br: { ours: byteSummary(results, 'ours'), peer: byteSummary(results, 'peer') } };
    for (const r of results) {
      if (r.returnBannerShown) failures.push(`${r.lib}: the banner showed again on the return visit`);
    }
    const table = renderTable({ env, runs: RUNS, results, bytes });
    console.log(`\n${table}`);
    await mkdir(join(ROOT, 'bench/results'), { recursive: true });
    await writeFile(join(ROOT, 'bench/results.md'), table);
    await writeFile(join(ROOT, 'bench/results/latest.json'), JSON.stringify({ env, runs: RUNS, bytes, results }, null, 2));
    console.log('wrote bench/results.md and bench/results/latest.json');
    let ok = true;
    if (args['write-readme']) ok = await replaceReadmeBlock(table);
    if (pageProblems.size) {
      console.warn(`\nerrors logged by the pages (count × message):\n${[...pageProblems].map(([k, n]) => `  ${n} × ${k}`).join('\n')}`);
    }
    if (failures.length) {
      console.error(`\n${failures.length} problem(s):\n  ${failures.join('\n  ')}`);
      ok = false;
    }
    process.exitCode = ok ? 0 : 1;
  } finally {
    await browser.close();
    await brServer.close();
    await gzServer.close();
  }
}

await main();
