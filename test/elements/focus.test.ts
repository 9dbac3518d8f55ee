/**
 * R-A11Y-02: focus moves into a modal when it opens, Tab and Shift+Tab wrap inside it, and on close
 * focus returns to the invoker (the settings button, a `[data-consent-open]` link, the banner's
 * Settings button) or, without one, to the start of the page (the banner: where focus was before it
 * opened). Real keyboard input throughout; the sequence is read from `shadowRoot.activeElement`.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ConsentPreferences } from '../../src/elements/preferences.js';
import {
  $, bannerFixture, cleanup, openedPreferences, press, startRuntime, storedDecision,
} from '../helpers/elements.js';

const CONFIG = {
  controller: 'Woonstichting De Linde',
  privacyUrl: 'https://example.org/privacy',
  purposes: [
    { id: 'analytics', vendors: ['ga4' as const] },
    { id: 'marketing', cookies: [{ name: 'ad_id', lifetime: '90 days', recipient: 'AdCo B.V.', purpose: 'Counts ad views' }] },
  ],
};
const decided = { stored: storedDecision({ analytics: true, marketing: false }) };

/** The controls of `el`'s dialog in keyboard order, named for readable failures. */
function controls(el: Element, selectors: Record<string, string>): Map<Element, string> {
  return new Map(Object.entries(selectors).map(([name, selector]) => [$(el, selector), name]));
}

/** Presses `key` `times` times; returns the names of what had focus in `el`'s shadow root after each press. */
async function walk(el: Element, names: Map<Element, string>, key: 'Tab' | 'Shift+Tab', times: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < times; i++) {
    await press(key);
    const a = el.shadowRoot!.activeElement;
    seen.push(a ? names.get(a) ?? `<${a.localName}>` : `outside (${document.activeElement?.localName})`);
  }
  return seen;
}

/**
 * Where focus is, as text (a failed comparison of two elements would make the runner serialise
 * them): the focused element, then what is focused in its shadow root, and so on.
 */
function where(): string {
  const path: string[] = [];
  for (let a = document.activeElement; a; a = a.shadowRoot?.activeElement ?? null) {
    const part = a.getAttribute('part');
    path.push(a.localName + (a.id ? `#${a.id}` : '') + (part ? `[part="${part}"]` : ''));
  }
  return path.join(' > ');
}

const BANNER = {
  close: '[part="close"]', privacy: 'a[href]', accept: '[part~="accept"]', reject: '[part~="reject"]', settings: '[part~="settings"]',
};
// The "necessary" switch is disabled, so it is skipped.
const PREFERENCES = {
  close: '[part="close"]',
  analytics: '[aria-labelledby="l-analytics"]', 'analytics cookies': 'li:nth-child(2) summary',
  marketing: '[aria-labelledby="l-marketing"]', 'marketing cookies': 'li:nth-child(3) summary',
  save: '[part~="save"]', accept: '[part~="accept"]', reject: '[part~="reject"]',
};

/** Opens the preferences from a focused `[data-consent-open]` link with Enter. */
async function fromLink(): Promise<{ prefs: ConsentPreferences; link: HTMLAnchorElement }> {
  const link = await fixture<HTMLAnchorElement>(html`<a id="link" href="#cookies" data-consent-open>Cookie settings</a>`);
  link.focus();
  await press('Enter');
  return { prefs: await openedPreferences(), link };
}

describe('focus (R-A11Y-02)', () => {
  afterEach(() => cleanup());

  describe('Tab and Shift+Tab wrap inside the modal', () => {
    it('banner: Tab from the dialog runs through every control and wraps to the first', async () => {
      await startRuntime(CONFIG);
      const el = await bannerFixture();
      expect(where(), 'focus starts on the dialog').to.equal('consent-banner > dialog[part="base"]');
      const names = controls(el, BANNER);
      expect(await walk(el, names, 'Tab', 7)).to.deep.equal(['close', 'privacy', 'accept', 'reject', 'settings', 'close', 'privacy']);
    });

    it('banner: Shift+Tab from the dialog goes to the last control and wraps from the first', async () => {
      await startRuntime(CONFIG);
      const el = await bannerFixture();
      const names = controls(el, BANNER);
      expect(await walk(el, names, 'Shift+Tab', 7)).to.deep.equal(['settings', 'reject', 'accept', 'privacy', 'close', 'settings', 'reject']);
    });

    it('banner: a control the site hides is skipped when wrapping', async () => {
      await fixture(html`<style>consent-banner::part(close) { display: none }</style>`);
      await startRuntime(CONFIG);
      const el = await bannerFixture();
      const names = controls(el, BANNER);
      expect(await walk(el, names, 'Shift+Tab', 1)).to.deep.equal(['settings']);
      expect(await walk(el, names, 'Tab', 2)).to.deep.equal(['privacy', 'accept']);
      expect(await walk(el, names, 'Shift+Tab', 2)).to.deep.equal(['privacy', 'settings']);
    });

    it('preferences: Tab runs through the enabled switches, the cookie lists and the buttons, and wraps', async () => {
      await startRuntime(CONFIG);
      const { prefs } = await fromLink();
      expect(where(), 'focus starts on the dialog').to.equal('consent-preferences > dialog[part="base"]');
      const names = controls(prefs, PREFERENCES);
      const order = Object.keys(PREFERENCES);
      expect(await walk(prefs, names, 'Tab', order.length + 2)).to.deep.equal([...order, 'close', 'analytics']);
    });

    it('preferences: Shift+Tab from the dialog goes to the last control and wraps from the first', async () => {
      await startRuntime(CONFIG);
      const { prefs } = await fromLink();
      const names = controls(prefs, PREFERENCES);
      const back = Object.keys(PREFERENCES).reverse();
      expect(await walk(prefs, names, 'Shift+Tab', back.length + 2)).to.deep.equal([...back, 'reject', 'accept']);
    });
  });

  describe('on close, focus returns to the invoker', () => {
    /** Ways to close the preferences by keyboard. */
    const closers = {
      Escape: () => press('Escape'),
      'the close button': async (prefs: ConsentPreferences) => {
        $(prefs, '[part="close"]').focus();
        await press('Enter');
      },
      'a decision': async (prefs: ConsentPreferences) => {
        $(prefs, '[part~="reject"]').focus();
        await press('Enter');
      },
    };
    const closedDialog = (el: Element) => waitUntil(() => !el.shadowRoot!.querySelector('dialog'), 'the preferences did not close');

    for (const [how, close] of Object.entries(closers)) {
      it(`the floating settings button, after ${how}`, async () => {
        await startRuntime(CONFIG, decided);
        const button = await waitUntil(() => document.querySelector('consent-settings-button'), 'no settings button')
          .then(() => document.querySelector('consent-settings-button')!);
        button.focus();
        await press('Enter');
        const prefs = await openedPreferences();
        await close(prefs);
        await closedDialog(prefs);
        expect(where()).to.equal('consent-settings-button > button[part="button"]');
      });

      it(`a [data-consent-open] link, after ${how}`, async () => {
        await startRuntime(CONFIG);
        const { prefs, link } = await fromLink();
        await close(prefs);
        await closedDialog(prefs);
        expect(where()).to.equal('a#link');
      });

      it(`the banner's Settings button, after ${how}`, async () => {
        const { runtime } = await startRuntime(CONFIG);
        const el = await bannerFixture();
        $(el, '[part~="settings"]').focus();
        await press('Enter');
        const prefs = await openedPreferences();
        await close(prefs);
        await closedDialog(prefs);
        if (runtime.store.state.status === 'decided') {
          // The banner is gone with its Settings button: focus is at the start of the page.
          await el.updateComplete;
          expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
          expect(where()).to.equal('body');
        } else {
          // The banner is back: focus is on its Settings button (rendered anew), not on the dialog.
          await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'the banner did not come back');
          await el.updateComplete;
          expect(where()).to.equal('consent-banner > button[part="button settings"]');
        }
      });
    }

    it('a link removed while the preferences are open: focus goes to the start of the page', async () => {
      await startRuntime(CONFIG);
      const { prefs, link } = await fromLink();
      link.remove();
      await press('Escape');
      await closedDialog(prefs);
      expect(where()).to.equal('body');
    });

    it('opened from script with nothing focused: focus goes to the start of the page', async () => {
      const { runtime } = await startRuntime(CONFIG);
      await runtime.api.openPreferences();
      const prefs = await openedPreferences();
      expect(where()).to.equal('consent-preferences > dialog[part="base"]');
      await press('Escape');
      await closedDialog(prefs);
      expect(where()).to.equal('body');
    });

    for (const [how, key] of [['Escape', 'Escape'], ['the close button', 'close'], ['Accept all', 'accept']] as const) {
      it(`the banner (nobody opened it) after ${how}: focus goes to the start of the page`, async () => {
        await startRuntime(CONFIG);
        const el = await bannerFixture();
        if (key !== 'Escape') $(el, key === 'close' ? '[part="close"]' : '[part~="accept"]').focus();
        await press(key === 'Escape' ? 'Escape' : 'Enter');
        await waitUntil(() => !el.shadowRoot!.querySelector('dialog'), 'the banner did not close');
        expect(where()).to.equal('body');
      });
    }

    it('the banner after a page element had focus (as with autofocus): focus goes back to it', async () => {
      const field = await fixture<HTMLInputElement>(html`<input id="search" aria-label="Search">`);
      field.focus();
      await startRuntime(CONFIG);
      const el = await bannerFixture();
      expect(where()).to.equal('consent-banner > dialog[part="base"]');
      await press('Escape');
      await waitUntil(() => !el.shadowRoot!.querySelector('dialog'), 'the banner did not close');
      expect(where()).to.equal('input#search');
    });
  });
});
