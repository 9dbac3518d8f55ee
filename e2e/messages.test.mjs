// The console messages of the drop-in: their sentences are a lazy chunk (src/core/messages.ts), which a
// visit where all is well never fetches. When something is wrong the sentence appears; when the chunk
// itself cannot load, the message's code and values appear instead, so nothing goes unsaid.
// Needs a build (npm run build). Run: node --test e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSite } from './helpers/demo.mjs';

const site = demoSite();

const isMessages = (url) => /\/chunks\/messages-[\w-]{8}\.js$/.test(new URL(url).pathname);

/** A visitor whose stored decision is junk (`blockMessages`: false, 'abort' or 'hang' the messages chunk) (another script wrote the library's key), after a clean first visit. */
async function visitorWithJunk({ blockMessages }) {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const requests = [];
  const warnings = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'warning' && m.text().startsWith('[consent-elements]')) warnings.push(m.text()); });
  await page.goto(`${site.base}/demo/`);
  await page.locator('consent-banner dialog').waitFor({ state: 'visible' });
  await page.waitForTimeout(300); // what loads at idle (the outbox check) counts too
  const clean = { requests: [...requests], warnings: [...warnings] };
  // The library's database exists now (the first visit read from it): put a foreign value under its key.
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('consent-elements');
    open.onsuccess = () => {
      const tx = open.result.transaction('kv', 'readwrite');
      tx.objectStore('kv').put({ v: 9 }, 'decision');
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  }));
  // 'abort': the request fails; 'hang': it never answers.
  if (blockMessages === 'abort') await page.route(isMessages, (route) => route.abort());
  if (blockMessages === 'hang') await page.route(isMessages, () => {});
  requests.length = 0;
  await page.reload();
  await page.locator('consent-banner dialog').waitFor({ state: 'visible' });
  return { context, page, requests, warnings, clean };
}

test('a clean first visit fetches no message sentences; a junk stored decision is explained in full', async () => {
  const v = await visitorWithJunk({ blockMessages: false });
  try {
    assert.equal(v.clean.requests.filter(isMessages).length, 0, 'the messages chunk was fetched on a visit without problems');
    assert.deepEqual(v.clean.warnings, []);
    await waitFor(() => v.warnings.length > 0, 'no warning about the stored decision');
    assert.equal(v.requests.filter(isMessages).length, 1);
    assert.match(v.warnings[0], /^\[consent-elements\] the stored consent decision is unusable \(bad version\); nothing is granted and the visitor is asked again$/);
  } finally {
    await v.context.close();
  }
});

test('when the messages chunk cannot load, the code and its values are logged instead', async () => {
  const v = await visitorWithJunk({ blockMessages: 'abort' });
  try {
    await waitFor(() => v.warnings.length > 0, 'nothing was logged');
    assert.deepEqual(v.warnings, ['[consent-elements] stored-unusable version']);
  } finally {
    await v.context.close();
  }
});

async function waitFor(check, what, timeout = 5000) {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) assert.fail(what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the banner never waits for a message: it shows while the messages chunk hangs', async () => {
  // visitorWithJunk waits for the banner after the reload, with the chunk unanswered.
  const v = await visitorWithJunk({ blockMessages: 'hang' });
  try {
    assert.equal(v.requests.filter(isMessages).length, 1);
    assert.deepEqual(v.warnings, []);
  } finally {
    await v.context.close();
  }
});

test('configuration problems are named even when the messages chunk cannot load, and the banner still shows', async () => {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  // The library's errors and any uncaught one (the browser's own "Failed to load resource" lines are expected).
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route(isMessages, (route) => route.abort());
  // The demo page with a plain-http endpoint on another host, which the library refuses.
  await page.route(`${site.base}/demo/`, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: (await res.text()).replace('endpoint="/collect"', 'endpoint="http://example.org/e"') });
  });
  try {
    await page.goto(`${site.base}/demo/`);
    await page.locator('consent-banner dialog').waitFor({ state: 'visible' });
    await waitFor(() => errors.length > 0, 'the configuration problem was not logged');
    assert.deepEqual(errors, ['[consent-elements] config endpoint: endpoint "http://example.org/e"']);
  } finally {
    await context.close();
  }
});
