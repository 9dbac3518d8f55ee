// The drop-in under a strict CSP with Trusted Types: script-src 'self' + a nonce, no unsafe-inline or
// unsafe-eval, require-trusted-types-for 'script'. Needs a build (npm run build). Run: node --test e2e/
//
// Violations are caught twice: in the page (securitypolicyviolation events) and by the server
// (report-uri). A self-check page proves both detectors fire, so "zero violations" means something.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBody, serveStatic } from './helpers/server.mjs';
import { launchChromium } from './helpers/browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'e2e/fixtures/csp');

/**
 * The policies under test (docs/csp.md recommends them): an allow-list policy with 'self', and a
 * nonce-only policy with 'strict-dynamic' (where 'self' is ignored and trust flows from the nonce'd
 * entry module to what it imports and inserts).
 */
const SCRIPT_SRC = {
  "'self' + nonce": (nonce) => `script-src 'self' 'nonce-${nonce}'`,
  "nonce + 'strict-dynamic'": (nonce) => `script-src 'nonce-${nonce}' 'strict-dynamic'`,
};
function strictCsp(nonce, variant = "'self' + nonce") {
  return [
    "default-src 'self'",
    SCRIPT_SRC[variant](nonce),
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types consent-elements lit-html',
    'report-uri /csp-report',
  ].join('; ');
}

/** Records violations in the page; runs before any page script. */
function watchViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push({
      directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample,
    });
  }, true);
}

describe('strict CSP and Trusted Types', { skip: !existsSync(join(ROOT, 'dist/consent-elements.js')) && 'no build: run npm run build first' }, () => {
  let server, browser;
  const reports = [];
  const collected = []; // consent events that reached the endpoint
  // The entry script gets the nonce only where the policy needs it, so the 'self' variant proves 'self' suffices.
  const pageHtml = (name, nonce, variant) => readFileSync(join(FIXTURES, name), 'utf8')
    .replaceAll('{{ENTRY_NONCE}}', variant.includes('strict-dynamic') ? ` nonce="${nonce}"` : '')
    .replaceAll('{{NONCE}}', nonce);
  const htmlRoute = (name) => (req, url) => {
    const nonce = randomBytes(16).toString('base64');
    const variant = url.searchParams.get('policy') ?? "'self' + nonce";
    return {
      type: 'text/html; charset=utf-8', body: pageHtml(name, nonce, variant),
      headers: { 'content-security-policy': strictCsp(nonce, variant) },
    };
  };

  before(async () => {
    server = await serveStatic({
      root: ROOT,
      routes: {
        '/': htmlRoute('index.html'),
        '/self-check': htmlRoute('violation.html'),
        '/favicon.ico': () => ({ status: 204 }),
        '/collect': async (req) => {
          if (req.method !== 'POST') return { status: 405 };
          const body = JSON.parse(await readBody(req));
          collected.push(...(Array.isArray(body) ? body : [body]));
          return { status: 202 };
        },
        '/csp-report': async (req) => {
          const text = await readBody(req);
          try {
            const body = JSON.parse(text);
            reports.push(body['csp-report'] ?? body);
          } catch {
            reports.push({ unparsed: text });
          }
          return { status: 204 };
        },
      },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(context) {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Trusted Type|TrustedScript|TrustedHTML/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.addInitScript(watchViolations);
    return { page, problems };
  }
  /** Reports travel in their own request, a little after the violation: wait for them to settle. */
  async function settledReports(from, ms = 600) {
    await new Promise((r) => setTimeout(r, ms));
    return reports.slice(from);
  }
  const describeAll = (v) => JSON.stringify(v, null, 2);

  test('self-check: a script without the nonce is blocked and reported', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await newPage(context);
      const from = reports.length;
      await page.goto(`${server.url}/self-check`);
      assert.equal(await page.evaluate(() => window.__shouldNotRun), undefined, 'the CSP did not block the script');
      const seen = await page.evaluate(() => window.__violations);
      assert.ok(seen.some((v) => v.directive === 'script-src-elem'), `no securitypolicyviolation event: ${describeAll(seen)}`);
      const sent = await settledReports(from);
      assert.ok(sent.some((r) => /script-src/.test(r['effective-directive'] ?? r['violated-directive'] ?? '')),
        `no report reached /csp-report: ${describeAll(sent)}`);
    } finally {
      await context.close();
    }
  });

  for (const variant of Object.keys(SCRIPT_SRC)) describe(`${variant}: a visit, then a return visit`, () => {
    const pageUrl = () => `${server.url}/?policy=${encodeURIComponent(variant)}`;
    let context;
    before(async () => { context = await browser.newContext(); });
    after(async () => { await context?.close(); });

    test('first visit: the banner renders, accept all runs both gated scripts, no violation', async () => {
      const { page, problems } = await newPage(context);
      const from = reports.length;
      await page.goto(pageUrl());

      const dialog = page.locator('consent-banner dialog');
      await dialog.waitFor({ state: 'visible', timeout: 10_000 });
      assert.ok(await page.evaluate(() => document.querySelector('consent-banner').shadowRoot.adoptedStyleSheets.length > 0),
        'the banner has no adopted stylesheet (styles blocked?)');
      assert.match(await dialog.innerText(), /\S{3,}/, 'the banner has no text');
      assert.deepEqual(await page.evaluate(() => [window.__inlineGatedRan, window.__srcGatedRan]), [undefined, undefined],
        'a gated script ran before consent');

      const eventsBefore = collected.length;
      await page.locator('consent-banner [part~="accept"]').click();
      await page.waitForFunction(() => window.__inlineGatedRan && window.__srcGatedRan, null, { timeout: 10_000 })
        .catch(() => {});
      const ran = await page.evaluate(() => ({ inline: window.__inlineGatedRan, src: window.__srcGatedRan }));
      // The lazy chunks did their work under the policy: a Consent Mode update, and the event sent.
      const updates = await page.evaluate(() => (window.dataLayer ?? []).filter((e) => e[0] === 'consent').map((e) => e[1]));
      for (let i = 0; i < 50 && collected.length === eventsBefore; i++) await new Promise((r) => setTimeout(r, 100));
      const violations = await page.evaluate(() => window.__violations);
      const sent = await settledReports(from);
      assert.deepEqual(violations, [], `securitypolicyviolation events:\n${describeAll(violations)}`);
      assert.deepEqual(sent, [], `reports sent to report-uri:\n${describeAll(sent)}`);
      assert.deepEqual(problems, [], problems.join('\n'));
      assert.deepEqual(ran, { inline: 1, src: 1 }, 'each gated script must run exactly once after accept all');
      assert.deepEqual(updates, ['default', 'update'], 'Consent Mode: one default from consent-default.js, one update on accept');
      assert.ok(collected.length > eventsBefore, 'the consent event did not reach the endpoint within 5 s');
      await page.close();
    });

    test('return visit: gated scripts run on load, the preferences open, no violation', async () => {
      const { page, problems } = await newPage(context);
      const from = reports.length;
      await page.goto(pageUrl());
      await page.waitForFunction(() => window.__inlineGatedRan && window.__srcGatedRan, null, { timeout: 10_000 })
        .catch(() => {});
      assert.deepEqual(await page.evaluate(() => ({ inline: window.__inlineGatedRan, src: window.__srcGatedRan })),
        { inline: 1, src: 1 }, 'the gated scripts did not run once each with the stored decision');
      assert.equal(await page.locator('consent-banner dialog[open]').count(), 0, 'the banner showed again');

      // The Lit preferences dialog, loaded on demand, must render under the same policy.
      await page.locator('[data-consent-open]').click();
      await page.locator('consent-preferences dialog').waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await page.locator('consent-preferences dialog').innerText(), /\S{3,}/, 'the preferences have no text');

      const violations = await page.evaluate(() => window.__violations);
      const sent = await settledReports(from);
      assert.deepEqual(violations, [], `securitypolicyviolation events:\n${describeAll(violations)}`);
      assert.deepEqual(sent, [], `reports sent to report-uri:\n${describeAll(sent)}`);
      assert.deepEqual(problems, [], problems.join('\n'));
      await page.close();
    });
  });
});
