// Browser test configuration. Browsers come from Debian (apt), never from a downloader:
// Chromium through puppeteer-core's CDP, Firefox ESR through WebDriver BiDi. See ../shared/toolchain.md.
import { chromeLauncher, defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import * as puppeteerCore from 'puppeteer-core';
import { collectorPlugin } from './test/helpers/collector-plugin.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

// One window per test page: background tabs are 'hidden', and Chromium then never fires
// requestAnimationFrame, which hangs fixture() when concurrency > 1.
const createPage = ({ context }) => context.newPage({ type: 'window' });

const chromium = chromeLauncher({
  createPage,
  launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS },
});
const firefox = chromeLauncher({
  puppeteer: puppeteerCore,
  createPage,
  launchOptions: { browser: 'firefox', executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', headless: true },
});

/** wtr prints no plain "N passed, N failed" line; CI log readers need one. */
function closingLineReporter() {
  return {
    stop({ sessions }) {
      let passed = 0, failed = 0, skipped = 0;
      const walk = (s) => {
        for (const t of s.tests) t.skipped ? skipped++ : t.passed ? passed++ : failed++;
        s.suites.forEach(walk);
      };
      for (const s of sessions) {
        if (s.testResults) walk(s.testResults);
        failed += s.errors?.length ?? 0;
      }
      // wtr's dynamic terminal swallows output written during stop(); print at exit instead.
      process.once('exit', () => process.stdout.write(`wtr: ${passed} passed, ${failed} failed, ${skipped} skipped\n`));
    },
  };
}

const which = process.env.BROWSERS ?? 'chromium'; // chromium | firefox | all

export default {
  files: process.env.TEST_FILES ? process.env.TEST_FILES.split(',') : ['test/**/*.test.ts'],
  nodeResolve: true,
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json' }), collectorPlugin()],
  browsers: which === 'all' ? [chromium, firefox] : which === 'firefox' ? [firefox] : [chromium],
  // Firefox gives keyboard input only to the window in front, so its keyboard tests need one file at a time.
  concurrency: which === 'chromium' ? 2 : 1,
  reporters: [defaultReporter(), closingLineReporter()],
  testFramework: { config: { ui: 'bdd', timeout: 10000 } },
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  coverageConfig: {
    include: ['src/**/*.ts'],
    exclude: ['src/collector/**'],
    reportDir: 'coverage',
    reporters: ['text-summary'],
  },
};
