#!/usr/bin/env node
// Sizes of the built drop-in, raw / gzip -9 / brotli 11.
//
//   node scripts/size.mjs [--write-readme] [--json] [--why]
//
// - full drop-in: dist/consent-elements.js plus every chunk it can load (static and dynamic imports);
// - return-visit core: the entry plus only its static imports, i.e. what a visit with a stored
//   decision loads before anything asks for the UI;
// - first visit: the core plus the lazy chunks an undecided visitor loads for the banner (banner UI,
//   the logic chunk with the config and the decision logic, one language); the preferences are not
//   part of it;
// - preferences: what opening them adds to a first visit (their chunk and its static imports);
// - dist/consent-default.js: the Consent Mode default snippet for <head>.
// The import graph is read from the built files (parsed with rollup's parser), not from a list of names.
// --why lists, per built file, the minified bytes each source module contributes (from the source maps).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { parseAst } from 'rollup/parseAst';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const ENTRY = join(DIST, 'consent-elements.js');
export const DEFAULT_SNIPPET = join(DIST, 'consent-default.js');
export const README = join(ROOT, 'README.md');
export const MARKERS = { start: '<!-- size:start -->', end: '<!-- size:end -->' };

/** Relative import specifiers of one built module, split into static and dynamic. */
export function importsOf(code) {
  const found = { static: [], dynamic: [] };
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if ((node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration')
      && node.source) found.static.push(node.source.value);
    if (node.type === 'ImportExpression') {
      if (node.source.type === 'Literal' && typeof node.source.value === 'string') found.dynamic.push(node.source.value);
      else throw new Error('a dynamic import() with a computed specifier: the chunk graph cannot be read from the files');
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(parseAst(code));
  const relativeOnly = (list) => list.filter((s) => s.startsWith('./') || s.startsWith('../'));
  return { static: relativeOnly(found.static), dynamic: relativeOnly(found.dynamic) };
}

/** Files reachable from `entry`: through static imports only, or through dynamic ones too. */
export function closure(entry, { dynamic }) {
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file)) return;
    if (!existsSync(file)) throw new Error(`${relative(ROOT, file)} is imported but missing`);
    seen.add(file);
    const imports = importsOf(readFileSync(file, 'utf8'));
    for (const spec of [...imports.static, ...(dynamic ? imports.dynamic : [])]) walk(resolve(dirname(file), spec));
  };
  walk(entry);
  return [...seen];
}

export function sizeOf(files) {
  const buffers = files.map((f) => readFileSync(f));
  // Each file is compressed on its own, as it is served.
  return {
    files: files.map((f) => relative(ROOT, f)),
    raw: buffers.reduce((n, b) => n + b.length, 0),
    gzip: buffers.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
    brotli: buffers.reduce((n, b) => n + brotliCompressSync(b, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: b.length },
    }).length, 0),
  };
}

/**
 * Budgets the test enforces (gzip bytes), set just above what the build achieves so that any growth
 * fails (where the issue sets a target, at the target), and the targets from the issues.
 */
export const BUDGETS = { core: 6_000, endpoint: 6_650, first: 15_000, prefs: 2_650, full: 28_650 };
export const TARGETS = { core: 6_000, first: 15_000 };

/**
 * The lazy chunks a first visit in one language loads: the banner UI, the logic (the full config and
 * the decision logic, one chunk: see rollup.config.mjs), the texts. The preferences (`PREFERENCES`)
 * are a chunk of their own, loaded when they are opened.
 */
// Chunk names are `<name>-<8-character hash>.js`; the hash keeps a name from matching a longer one.
export const FIRST_VISIT = /^(ui|logic|nl)-[\w-]{8}\.js$/;
export const PREFERENCES = /^(preferences|nl-prefs)-[\w-]{8}\.js$/;
/** What a return visit adds when the site has an endpoint: the loader that looks for events a previous visit left waiting. */
export const OUTBOX_CHECK = /^sink-[\w-]{8}\.js$/;

/** Measures the current build. Throws a clear error when there is none. */
export function measure() {
  if (!existsSync(ENTRY)) {
    throw new Error(`${relative(ROOT, ENTRY)} is missing: build first (npm run build, or npx rollup -c)`);
  }
  const core = closure(ENTRY, { dynamic: false });
  const all = closure(ENTRY, { dynamic: true });
  const named = (re) => all.filter((f) => re.test(f.split(/[\\/]/).pop())).flatMap((f) => closure(f, { dynamic: false }));
  const first = [...new Set([...core, ...named(FIRST_VISIT)])];
  const prefs = [...new Set(named(PREFERENCES))].filter((f) => !first.includes(f));
  const rows = [
    { id: 'core', label: 'Return visit: the gating core (entry + static imports)', ...sizeOf(core) },
    { id: 'endpoint', label: 'Return visit on a site with an endpoint: the core + the outbox check (its own chunk)', ...sizeOf([...new Set([...core, ...named(OUTBOX_CHECK)])]) },
    { id: 'first', label: 'First visit, banner in one language (core + banner UI, config, decision logic, Dutch texts)', ...sizeOf(first) },
    { id: 'prefs', label: 'Opening the preferences from the banner adds (their chunk and their texts; lit-html and the dialog base are in the banner\'s)', ...sizeOf(prefs) },
    { id: 'full', label: 'Everything the drop-in can load (both languages, outbox, Consent Mode, GA4, …)', ...sizeOf(all) },
  ];
  if (existsSync(DEFAULT_SNIPPET)) {
    rows.push({ id: 'default', label: 'Consent Mode default snippet (`consent-default.js`)', ...sizeOf([DEFAULT_SNIPPET]) });
  }
  return rows;
}

const fmt = (n) => n.toLocaleString('en-US');

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Minified bytes per original source of one built file, read from its `.map` (null without one). */
export function bytesBySource(file) {
  if (!existsSync(`${file}.map`)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const out = new Map();
  let source = 0;
  map.mappings.split(';').forEach((line, li) => {
    const segments = [];
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const fields = [];
      let value = 0, shift = 0;
      for (const ch of seg) { // base64 VLQ
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      col += fields[0];
      if (fields.length > 1) source += fields[1];
      segments.push({ col, source: fields.length > 1 ? source : null });
    }
    segments.forEach((s, i) => {
      const end = i + 1 < segments.length ? segments[i + 1].col : lines[li]?.length ?? s.col;
      const name = s.source == null ? '(unmapped)' : map.sources[s.source].replace(/^(\.\.\/)+/, '');
      out.set(name, (out.get(name) ?? 0) + end - s.col);
    });
  });
  return [...out].sort((a, b) => b[1] - a[1]);
}

/** The README block: a small markdown table (deterministic for a given build). */
export function renderReadmeBlock(rows) {
  const cell = (table, r) => (table[r.id] ? `${fmt(table[r.id])} B` : '–');
  return [
    '| What loads | Raw | gzip -9 | brotli 11 | budget (test) | target (issue) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${fmt(r.raw)} B | ${fmt(r.gzip)} B | ${fmt(r.brotli)} B | ${cell(BUDGETS, r)} | ${cell(TARGETS, r)} |`),
    '',
  ].join('\n');
}

/** The current size block of README.md, or null when the README or its markers are missing. */
export function readReadmeBlock(text = existsSync(README) ? readFileSync(README, 'utf8') : null) {
  if (text == null) return null;
  const i = text.indexOf(MARKERS.start), j = text.indexOf(MARKERS.end);
  if (i < 0 || j < i) return null;
  return text.slice(i + MARKERS.start.length, j).replace(/^\r?\n/, '');
}

function writeReadme(block) {
  const text = existsSync(README) ? readFileSync(README, 'utf8') : null;
  if (readReadmeBlock(text) == null) {
    throw new Error(`README.md has no ${MARKERS.start} … ${MARKERS.end} block; nothing written`);
  }
  const i = text.indexOf(MARKERS.start) + MARKERS.start.length, j = text.indexOf(MARKERS.end);
  writeFileSync(README, `${text.slice(0, i)}\n${block}${text.slice(j)}`);
}

function main(argv) {
  const rows = measure();
  if (argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    const w = Math.max(...rows.map((r) => r.label.length));
    console.log(`${'bundle'.padEnd(w)}  ${'raw'.padStart(8)}  ${'gzip -9'.padStart(8)}  ${'brotli 11'.padStart(9)}`);
    for (const r of rows) {
      console.log(`${r.label.padEnd(w)}  ${fmt(r.raw).padStart(8)}  ${fmt(r.gzip).padStart(8)}  ${fmt(r.brotli).padStart(9)}`);
      for (const f of r.files) console.log(`  ${f}`);
    }
    let over = false;
    for (const r of rows) {
      if (BUDGETS[r.id] && r.gzip > BUDGETS[r.id]) {
        console.error(`over budget: ${r.label}: ${fmt(r.gzip)} B gzip > ${fmt(BUDGETS[r.id])} B`);
        over = true;
      }
    }
    if (over) process.exitCode = 1;
  }
  if (argv.includes('--why')) {
    for (const f of rows.find((r) => r.id === 'full').files) {
      const parts = bytesBySource(join(ROOT, f));
      console.log(`\n${f}: minified bytes per source module${parts ? '' : ' (no source map)'}`);
      for (const [name, n] of parts ?? []) console.log(`${fmt(n).padStart(8)}  ${name}`);
    }
  }
  if (argv.includes('--write-readme')) {
    writeReadme(renderReadmeBlock(rows));
    console.log('README.md: size block updated');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`size: ${e.message}`);
    process.exitCode = 1;
  }
}
