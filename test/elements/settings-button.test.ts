import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ConsentSettingsButton } from '../../src/elements/settings-button.js';
import { $, cleanup, contrast, deepActive, SCHEMES, openedPreferences, press, startRuntime, storedDecision } from '../helpers/elements.js';

const decided = { stored: storedDecision({ analytics: true }) };

/** The floating button the runtime adds once a decision exists. */
async function floating(): Promise<ConsentSettingsButton> {
  await waitUntil(() => document.querySelector('consent-settings-button'), 'the runtime added no settings button');
  return document.querySelector('consent-settings-button')!;
}

/** Waits until the button has its accessible name (it is set once the runtime is known). */
async function named(el: ConsentSettingsButton): Promise<HTMLButtonElement> {
  const b = $<HTMLButtonElement>(el, 'button');
  await waitUntil(() => b.getAttribute('aria-label'), 'the button got no name');
  return b;
}

describe('<consent-settings-button>', () => {
  afterEach(() => {
    cleanup();
    document.documentElement.removeAttribute('dir');
  });

  it('is a plain custom element, not a Lit one (it ships in the small core)', () => {
    expect(Object.getPrototypeOf(ConsentSettingsButton)).to.equal(HTMLElement);
  });

  it('appears after a decision, and not before one', async () => {
    // startRuntime awaits store.ready, after the runtime's own ready handler has placed (or not) the button.
    await startRuntime({});
    expect(document.querySelector('consent-settings-button')).to.equal(null);
    cleanup();
    await startRuntime({}, decided);
    await floating();
  });

  it('is not added when the site switches it off', async () => {
    const { runtime } = await startRuntime({ noSettingsButton: true }, decided);
    await runtime.api.grant();
    expect(document.querySelector('consent-settings-button')).to.equal(null);
  });

  for (const scheme of SCHEMES) {
    it(`passes axe (${scheme})`, async () => {
      await startRuntime({}, decided);
      const el = await floating();
      el.style.colorScheme = scheme;
      await named(el);
      await expect(el).to.be.accessible();
    });

    it(`its ring and icon stand out from its background (${scheme})`, async () => {
      await startRuntime({}, decided);
      const el = await floating();
      el.style.colorScheme = scheme;
      const s = getComputedStyle(await named(el));
      expect(s.backgroundColor).to.equal(scheme === 'dark' ? 'rgb(28, 28, 30)' : 'rgb(255, 255, 255)');
      expect(contrast(s.color, s.backgroundColor)).to.be.at.least(3);
      expect(contrast(s.borderTopColor, s.backgroundColor)).to.be.at.least(3);
    });
  }

  it('has an accessible name in English, Dutch, or the site\'s own words', async () => {
    await startRuntime({ lang: 'en' }, decided);
    expect((await named(await floating())).getAttribute('aria-label')).to.equal('Cookie settings');
    cleanup();
    await startRuntime({ lang: 'nl' }, decided);
    expect((await named(await floating())).getAttribute('aria-label')).to.equal('Cookie-instellingen');
    cleanup();
    await startRuntime({ lang: 'nl', texts: { nl: { settingsButton: 'Privacykeuzes' } } }, decided);
    expect((await named(await floating())).getAttribute('aria-label')).to.equal('Privacykeuzes');
  });

  it('has an aria-hidden icon, and no text content that could clash with its name', async () => {
    await startRuntime({}, decided);
    const b = await named(await floating());
    expect(b.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
    expect(b.textContent).to.equal('');
  });

  it('is a fixed 44 px round button at the bottom inline-start corner, above the page', async () => {
    await startRuntime({}, decided);
    const el = await floating();
    const b = await named(el);
    const r = b.getBoundingClientRect();
    expect(r.width).to.equal(44);
    expect(r.height).to.equal(44);
    expect(getComputedStyle(el).position).to.equal('fixed');
    expect(r.left).to.equal(16);
    expect(innerHeight - r.bottom).to.equal(16);
    expect(getComputedStyle(b).borderTopLeftRadius).to.equal('50%');
    expect(getComputedStyle(el).zIndex).to.equal('2147483000');
    el.style.setProperty('--consent-z-index', '10');
    expect(getComputedStyle(el).zIndex).to.equal('10');
  });

  it('sits at the bottom right in a right-to-left page', async () => {
    document.documentElement.dir = 'rtl';
    await startRuntime({}, decided);
    const r = (await named(await floating())).getBoundingClientRect();
    expect(document.documentElement.clientWidth - r.right).to.equal(16);
  });

  it('is reachable by Tab, shows a focus ring, and opens the preferences with Enter; focus comes back', async () => {
    await fixture(html`<a href="#top">Page link</a>`);
    await startRuntime({}, decided);
    const el = await floating();
    const b = await named(el);
    for (let i = 0; i < 5 && deepActive() !== b; i++) await press('Tab');
    expect(deepActive()).to.equal(b);
    const s = getComputedStyle(b);
    expect(s.outlineStyle).to.equal('solid');
    expect(parseFloat(s.outlineWidth)).to.be.at.least(2);
    await press('Enter');
    await openedPreferences();
    await press('Escape');
    await waitUntil(() => document.activeElement === el, 'focus did not come back to the settings button');
    expect(deepActive()).to.equal(b);
  });

  it('a second definition warns instead of throwing', async () => {
    const { defineSettingsButton } = await import('../../src/elements/settings-button.js');
    expect(() => defineSettingsButton()).not.to.throw();
    class Other extends HTMLElement {}
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => warnings.push(a[0]);
    try {
      const { define } = await import('../../src/core/define.js');
      define('consent-settings-button', Other);
      await (await import('../../src/core/log.js')).logged();
    } finally {
      console.warn = warn;
    }
    expect(String(warnings[0])).to.contain('<consent-settings-button> is already defined');
  });
});
