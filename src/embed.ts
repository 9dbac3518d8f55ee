/**
 * The drop-in entry (`dist/consent-elements.js`). Loading it starts the library for the page's
 * `<consent-banner>`: the stored decision is read and gated scripts run at once, while the banner UI
 * (Lit) is fetched only when a decision is needed or the preferences are opened.
 * @module
 */
import { readElementConfig } from './core/element-config.js';
import { start, type ConsentApi } from './runtime.js';
import { defineSettingsButton } from './elements/settings-button.js';

declare global {
  interface Window {
    /** The consent-elements API for script-tag users. */
    consentElements?: ConsentApi;
  }
}

function boot(): void {
  const el = document.querySelector('consent-banner');
  const { config, error } = el ? readElementConfig(el) : { config: {}, error: null };
  defineSettingsButton();
  const runtime = start({ config, configError: error, loadUi: () => import('./ui.js') });
  window.consentElements = runtime.api;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
