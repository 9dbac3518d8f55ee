import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ConsentPreferences } from '../../src/elements/preferences.js';
import enBanner from '../../src/i18n/en.js';
import enPrefs from '../../src/i18n/en-prefs.js';
import nlBanner from '../../src/i18n/nl.js';
import nlPrefs from '../../src/i18n/nl-prefs.js';
import { loadPrefsTexts, loadTexts } from '../../src/i18n/strings.js';
import { captureConsole } from '../helpers/console.js';
import { $, $$, bannerFixture, cleanup, startRuntime } from '../helpers/elements.js';

describe('texts and the shared dialog behaviour', () => {
  afterEach(() => cleanup());

  it('loads one built-in table per language and layer: Dutch for nl, English for every other language', async () => {
    expect(await loadTexts('nl')).to.equal(nlBanner);
    expect(await loadTexts('en')).to.equal(enBanner);
    expect(await loadTexts('de')).to.equal(enBanner);
    expect(await loadPrefsTexts('nl')).to.equal(nlPrefs);
    expect(await loadPrefsTexts('en')).to.equal(enPrefs);
    expect(await loadPrefsTexts('de')).to.equal(enPrefs);
  });

  it('splits the texts between the layers without overlap: the banner table has only what the banner shows', () => {
    expect(Object.keys(enBanner).filter((k) => k in enPrefs)).to.deep.equal([]);
    // The banner lists the purposes a visitor can switch, never "necessary" (that is a preferences row).
    expect(Object.keys(enBanner).filter((k) => /^(prefs|cookie|consentId|gpc|necessary)/.test(k))).to.deep.equal([]);
  });

  it('has every English key in Dutch, and no empty text', () => {
    const en = { ...enBanner, ...enPrefs };
    const nl = { ...nlBanner, ...nlPrefs };
    expect(Object.keys(nl).sort()).to.deep.equal(Object.keys(en).sort());
    for (const table of [nl, en]) for (const [k, v] of Object.entries(table)) expect(v.trim(), k).not.to.equal('');
  });

  it('addresses the visitor with "u" in Dutch, never "je" or "jij"', () => {
    const nl = { ...nlBanner, ...nlPrefs };
    for (const [k, v] of Object.entries(nl)) expect(v, k).not.to.match(/\b(je|jij|jou|jouw|jezelf)\b/i);
    expect(nl.closeInfo).to.equal('Sluit u deze melding, dan accepteert u niets.');
  });

  it('a language the site adds through config.texts falls back to the English built-ins', async () => {
    await startRuntime({ lang: 'de', texts: { de: { bannerTitle: 'Cookies auf dieser Website', acceptAll: 'Alle akzeptieren' } } });
    const el = await bannerFixture();
    expect($(el, 'dialog').getAttribute('lang')).to.equal('de');
    expect($(el, 'h2').textContent).to.equal('Cookies auf dieser Website');
    expect($$(el, '[part~="button"]').map((b) => b.textContent)).to.deep.equal(['Alle akzeptieren', 'Reject all', 'Settings']);
  });

  it('a choice that cannot be recorded leaves the banner open, says why in the console, and can be made again', async () => {
    const { runtime, sink } = await startRuntime({});
    const el = await bannerFixture();
    const acceptAll = runtime.store.acceptAll.bind(runtime.store);
    let fail = true;
    runtime.store.acceptAll = (...args: Parameters<typeof acceptAll>) => (fail ? Promise.reject(new Error('disk full')) : acceptAll(...args));
    const con = captureConsole();
    try {
      $(el, '[part~="accept"]').click();
      await waitUntil(() => con.error.length > 0, 'nothing was logged');
    } finally {
      await con.restore();
    }
    expect(con.error[0]).to.contain('the choice was not recorded (Error: disk full)');
    await el.updateComplete;
    expect($<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    expect(runtime.store.state.status).to.equal('undecided');
    fail = false;
    $(el, '[part~="accept"]').click();
    await waitUntil(() => runtime.store.state.status === 'decided', 'the second try was not recorded');
    expect(sink.decisions).to.have.length(1);
  });

  it('the banner comes back, with an error in the console, when the preferences cannot be opened', async () => {
    const { runtime } = await startRuntime({});
    const el = await bannerFixture();
    runtime.openPreferences = () => Promise.reject(new Error('chunk failed'));
    const con = captureConsole();
    try {
      $(el, '[part~="settings"]').click();
      await waitUntil(() => con.error.length > 0, 'nothing was logged');
      await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'the banner did not come back');
    } finally {
      await con.restore();
    }
    expect(con.error[0]).to.contain('the preferences could not be opened (Error: chunk failed)');
  });

  it('the inline property reflects the attribute and switches between the in-page form and the modal', async () => {
    const { runtime } = await startRuntime({});
    const el = await fixture<ConsentPreferences>(html`<consent-preferences></consent-preferences>`);
    await el.updateComplete;
    expect(el.inline).to.equal(false);
    expect(el.shadowRoot!.querySelector('section, dialog')).to.equal(null);
    el.inline = true;
    expect(el.hasAttribute('inline')).to.equal(true);
    await waitUntil(() => el.shadowRoot!.querySelector('section'), 'no in-page form');
    el.removeAttribute('inline');
    expect(el.inline).to.equal(false);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('section, dialog')).to.equal(null);
    // The runtime opens the modal on the page's own element when there is one.
    await runtime.openPreferences(null);
    expect($<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    expect(document.querySelectorAll('consent-preferences')).to.have.length(1);
  });

  it('batches renders: requests before the next microtask make one render, and updateComplete waits for it', async () => {
    const { runtime } = await startRuntime({});
    const el = await bannerFixture();
    let renders = 0;
    const observer = new MutationObserver(() => renders++);
    observer.observe(el.shadowRoot!, { childList: true, subtree: true });
    runtime.dismissBanner();
    el.requestUpdate();
    el.requestUpdate();
    expect(el.shadowRoot!.querySelector('dialog'), 'rendered synchronously').not.to.equal(null);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
    await Promise.resolve();
    observer.disconnect();
    expect(renders).to.equal(1);
  });
});
