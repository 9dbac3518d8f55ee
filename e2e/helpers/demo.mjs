// The demo site and the system Chromium for one e2e test file: started before its tests, closed after.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createDemoServer } from '../../demo/serve.mjs';
import { launchChromium } from './browser.mjs';

/**
 * Registers the file's `before`/`after` hooks. The returned object gets `base` (the demo's origin) and
 * `browser` once the hooks have run.
 * @returns {{ base: string, browser: import('playwright-core').Browser }}
 */
export function demoSite() {
  const site = { base: '', browser: null };
  let server;
  before(async () => {
    assert.ok(existsSync(new URL('../../dist/consent-elements.js', import.meta.url)), 'dist/consent-elements.js is missing: run `npm run build` first');
    server = createDemoServer({ quiet: true });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    site.base = `http://127.0.0.1:${server.address().port}`;
    site.browser = await launchChromium();
  });
  after(async () => {
    await site.browser?.close();
    await new Promise((r) => server?.close(r));
  });
  return site;
}
