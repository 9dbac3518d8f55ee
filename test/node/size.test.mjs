// Size budgets of the built drop-in, and the README's size table kept true.
// Needs a build first: npm run build (or npx rollup -c). Run: node --test test/node/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUDGETS, ENTRY, MARKERS, ROOT, bytesBySource, closure, importsOf, measure, readReadmeBlock, renderReadmeBlock,
} from '../../scripts/size.mjs';

const built = existsSync(ENTRY);
const rows = built ? measure() : [];
const row = (id) => rows.find((r) => r.id === id);

test('a build exists', () => {
  assert.ok(built, 'dist/consent-elements.js is missing: run `npm run build` (or `npx rollup -c`) before the size tests');
});

for (const id of ['core', 'endpoint', 'first', 'prefs', 'full']) {
  test(`${id}: within its budget of ${BUDGETS[id]} bytes gzip`, { skip: !built && 'no build' }, () => {
    const { gzip, files, label } = row(id);
    assert.ok(gzip <= BUDGETS[id], `${label} is ${gzip} B gzip, over the ${BUDGETS[id]} B budget (${files.join(', ')})`);
  });
}

test('the first visit needs exactly one language chunk and the UI', { skip: !built && 'no build' }, () => {
  const files = row('first').files.map((f) => f.split('/').pop());
  assert.equal(files.filter((f) => /^(nl|en)-/.test(f)).length, 1, files.join());
  assert.ok(files.some((f) => f.startsWith('ui-')), files.join());
  assert.ok(!files.some((f) => /^(outbox|messages|consent-mode|ga4|sha256|cookies|preferences)/.test(f)), `optional chunks in the first visit: ${files.join()}`);
});

test('the preferences are one chunk of their own, built on the lit-html and dialog base of the banner chunk, plus their texts', { skip: !built && 'no build' }, () => {
  const files = row('prefs').files;
  assert.equal(files.length, 2, files.join());
  const [texts, prefs] = [files.find((f) => /\/nl-prefs-[\w-]{8}\.js$/.test(f)), files.find((f) => /\/preferences-[\w-]{8}\.js$/.test(f))];
  assert.ok(texts && prefs, files.join());
  const sources = bytesBySource(join(ROOT, prefs)).map(([name]) => name);
  assert.deepEqual(sources.filter((n) => !n.startsWith('src/elements/preferences')), [], 'modules other than the preferences in their chunk');
  assert.deepEqual(bytesBySource(join(ROOT, texts)).map(([name]) => name), ['src/i18n/nl-prefs.ts'], 'the Dutch preferences texts chunk');
});

test('a return visit loads one file: no chunk is a static import of the entry', { skip: !built && 'no build' }, () => {
  assert.deepEqual(row('core').files, ['dist/consent-elements.js']);
});

test('the return-visit core is the entry plus static imports only', { skip: !built && 'no build' }, () => {
  const core = closure(ENTRY, { dynamic: false });
  const full = closure(ENTRY, { dynamic: true });
  assert.equal(core[0], ENTRY);
  for (const f of core) assert.ok(full.includes(f), `${f} is in the core but not in the full drop-in`);
});

test('import parsing tells static from dynamic imports', () => {
  const code = 'import{a as b}from"./chunks/x.js";import"./chunks/y.js";export*from"./z.js";'
    + 'const u=()=>import("./chunks/ui.js");import("lit");const s="import(\'./not-code.js\')";';
  assert.deepEqual(importsOf(code), { static: ['./chunks/x.js', './chunks/y.js', './z.js'], dynamic: ['./chunks/ui.js'] });
});

test('README size block matches the current build', { skip: !built && 'no build' }, () => {
  const block = readReadmeBlock();
  assert.ok(block != null, `README.md has no ${MARKERS.start} … ${MARKERS.end} block yet (add the markers, then run \`npm run size -- --write-readme\`)`);
  assert.equal(block, renderReadmeBlock(rows), 'README size block is stale: run `npm run size -- --write-readme` after building');
});
