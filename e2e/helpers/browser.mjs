// Launches the system Chromium (Debian's /usr/bin/chromium) through playwright-core.
// Playwright's own browser downloads are not used; see ../../../shared/toolchain.md.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

/**
 * @param {import('playwright-core').LaunchOptions} [options] merged over the defaults (`args` are appended)
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchChromium(options = {}) {
  const { args = [], ...rest } = options;
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, ...rest, args: [...CHROMIUM_ARGS, ...args] });
}
