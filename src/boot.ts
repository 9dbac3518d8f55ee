import { readElementConfig } from './core/element-config.js';
import { start, type Runtime, type StartOptions } from './runtime.js';
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
 * When the document is already parsed, it starts synchronously (before this returns).
 */
export async function bootFromPage(loadUi?: StartOptions['loadUi']): Promise<Runtime> {
  if (document.readyState == 'loading') await new Promise((parsed) => document.addEventListener('DOMContentLoaded', parsed));
  const { config, error } = readElementConfig(document.querySelector('consent-banner'));
  defineSettingsButton();
  const runtime = start({ config, configError: error, loadUi, addBanner: true });
  window.consentElements = runtime.api;
  return runtime;
}
