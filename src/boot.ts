import { readElementConfig } from './core/element-config.js';
import { start, type Runtime } from './runtime.js';
import { defineSettingsButton } from './elements/settings-button.js';

declare global {
  interface Window {
    /** The consent-elements API for script-tag users. */
    consentElements?: import('./runtime.js').ConsentApi;
  }
}

/**
 * Starts the library from the page: the configuration of the first `<consent-banner>` (or the
 * defaults when there is none), once the document is parsed. Exposes `window.consentElements`.
 */
export function bootFromPage(loadUi?: () => Promise<unknown>): Promise<Runtime> {
  return new Promise((resolve) => {
    const boot = () => {
      const el = document.querySelector('consent-banner');
      const { config, error } = el ? readElementConfig(el) : { config: {}, error: null };
      defineSettingsButton();
      const runtime = start({ config, configError: error, loadUi, addBanner: true });
      window.consentElements = runtime.api;
      resolve(runtime);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
    else boot();
  });
}
