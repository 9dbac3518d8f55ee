import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { ConsentBanner } from '../../src/elements/banner.js';
import {
  $, $$, bannerFixture, cleanup, collapse, contrast, deepActive, emulateScheme, SCHEMES, openedPreferences, press, startRuntime, storedDecision,
} from '../helpers/elements.js';

const GA4 = { controller: 'Woonstichting De Linde', privacyUrl: 'https://example.org/privacy', purposes: [{ id: 'analytics', vendors: ['ga4' as const] }, { id: 'marketing' }] };

/** Tabs until `target` (in the banner's shadow root) has focus; fails after 12 presses. */
async function tabTo(el: Element, target: Element): Promise<void> {
  for (let i = 0; i < 12 && el.shadowRoot!.activeElement !== target; i++) await press('Tab');
  expect(el.shadowRoot!.activeElement, 'Tab never reached the control').to.equal(target);
}

describe('<consent-banner>', () => {
  afterEach(async () => {
    cleanup();
    await setViewport({ width: 800, height: 600 });
  });

  it('is an open modal dialog named by its heading, with focus on the dialog itself', async () => {
    await startRuntime(GA4);
    const el = await bannerFixture();
    const dialog = $<HTMLDialogElement>(el, 'dialog');
    expect(dialog.matches(':modal')).to.equal(true);
    const heading = $(el, `#${dialog.getAttribute('aria-labelledby')}`);
    expect(heading.localName).to.equal('h2');
    expect(heading.textContent).to.equal('Cookies on this website');
    expect(el.shadowRoot!.activeElement).to.equal(dialog);
    expect(dialog.getAttribute('lang')).to.equal('en');
  });

  for (const scheme of SCHEMES) {
    it(`passes axe (${scheme})`, async () => {
      await startRuntime(GA4);
      const el = await bannerFixture(scheme);
      expect(getComputedStyle($(el, 'dialog')).backgroundColor).to.equal(scheme === 'dark' ? 'rgb(28, 28, 30)' : 'rgb(255, 255, 255)');
      await expect(el).to.be.accessible();
    });
  }

  it('follows the system colour scheme unless the site pins one', async () => {
    await startRuntime(GA4);
    const el = await bannerFixture();
    const bg = () => getComputedStyle($(el, 'dialog')).backgroundColor;
    expect(getComputedStyle(el).colorScheme).to.equal('light dark');
    if (await emulateScheme('dark')) {
      try {
        expect(bg()).to.equal('rgb(28, 28, 30)');
        el.style.colorScheme = 'light';
        expect(bg(), 'a pinned scheme wins over the system').to.equal('rgb(255, 255, 255)');
      } finally {
        await emulateScheme('light');
      }
    } else {
      // This driver cannot emulate the system setting: check the palette matches the real one.
      expect(bg()).to.equal(matchMedia('(prefers-color-scheme: dark)').matches ? 'rgb(28, 28, 30)' : 'rgb(255, 255, 255)');
    }
  });

  it('says who asks, what each purpose is for, how to withdraw, what closing means, and links the privacy statement', async () => {
    await startRuntime(GA4);
    const el = await bannerFixture();
    const shown = collapse($(el, 'dialog').innerText);
    expect(shown).to.contain('Woonstichting De Linde asks for your consent');
    expect(shown).to.contain('Statistics: Count visits');
    expect(shown).to.contain('The last part (octet) of your IP address is masked');
    expect(shown).to.contain('Shared with: Google Analytics 4 (Google Ireland Ltd.)');
    expect(shown).to.contain('Marketing: Show and measure advertisements');
    expect(shown).to.contain('withdraw your consent at any time with the round cookie button');
    expect(shown).to.contain('If you close this notice, nothing is accepted.');
    const link = $<HTMLAnchorElement>(el, 'a');
    expect(link.href).to.equal('https://example.org/privacy');
    expect(link.textContent).to.equal('Read more in our privacy statement');
  });

  it('leaves the privacy link out when the URL is not http(s)', async () => {
    await startRuntime({ privacyUrl: 'javascript:alert(1)' });
    const el = await bannerFixture();
    expect($$(el, 'a')).to.have.length(0);
  });

  it('mentions the site\'s own link instead of the floating button when that is switched off', async () => {
    await startRuntime({ noSettingsButton: true });
    const el = await bannerFixture();
    expect($(el, 'dialog').innerText).to.contain('with the "Cookie settings" link on this website');
  });

  it('has three buttons of the same class, part and size', async () => {
    await startRuntime(GA4);
    const el = await bannerFixture();
    const buttons = $$(el, '[part~="buttons"] button');
    expect(buttons.map((b) => b.textContent)).to.deep.equal(['Accept all', 'Reject all', 'Settings']);
    expect(new Set(buttons.map((b) => b.className))).to.have.property('size', 1);
    buttons.forEach((b) => expect(b.getAttribute('part')).to.match(/^button (accept|reject|settings)$/));
    const [a, ...rest] = buttons.map((b) => b.getBoundingClientRect());
    for (const r of rest) {
      expect(Math.abs(r.width - a!.width)).to.be.at.most(1);
      expect(Math.abs(r.height - a!.height)).to.be.at.most(1);
    }
    const styles = buttons.map((b) => getComputedStyle(b));
    for (const s of styles.slice(1)) {
      expect([s.fontWeight, s.backgroundColor, s.color, s.borderColor]).to.deep.equal(
        [styles[0]!.fontWeight, styles[0]!.backgroundColor, styles[0]!.color, styles[0]!.borderColor]);
    }
  });

  it('accepts all by keyboard only, and records the visible text as the notice', async () => {
    const { runtime, sink } = await startRuntime(GA4);
    const el = await bannerFixture();
    const accept = $(el, '[part~="accept"]');
    await tabTo(el, accept);
    const changed = oneEvent(document, 'consent-change');
    await press('Enter');
    const { detail } = await changed;
    expect(detail.method).to.equal('accept_all');
    expect(runtime.store.state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: true });
    expect(sink.decisions).to.have.length(1);
    const notice = sink.decisions[0]!.notice!;
    expect(notice.layer).to.equal(1);
    expect(notice.language).to.equal('en');
    expect(notice.text.startsWith('Cookies on this website Woonstichting De Linde asks')).to.equal(true);
    expect(notice.text.endsWith('Accept all Reject all Settings')).to.equal(true);
    await waitUntil(() => !el.shadowRoot!.querySelector('dialog'), 'the banner did not close');
    await waitUntil(() => document.querySelector('consent-settings-button'), 'no settings button after the decision');
  });

  it('records exactly the text shown in the dialog, and nothing else', async () => {
    const { sink } = await startRuntime({ ...GA4, purposes: [{ id: 'analytics', vendors: ['ga4' as const] }] });
    const el = await bannerFixture();
    $(el, '[part~="reject"]').click();
    await waitUntil(() => sink.decisions.length === 1);
    expect(sink.decisions[0]!.notice!.text).to.equal(
      'Cookies on this website '
      + 'Woonstichting De Linde asks for your consent to use cookies and similar techniques for the purposes below. '
      + 'Necessary cookies are always on; they need no consent. '
      + 'Statistics: Count visits and see how the website is used, so that we can improve it. '
      + 'The last part (octet) of your IP address is masked, so your full address is not stored. '
      + 'Shared with: Google Analytics 4 (Google Ireland Ltd.). '
      + 'You can change your choice or withdraw your consent at any time with the round cookie button at the bottom of the screen. '
      + 'If you close this notice, nothing is accepted. '
      + 'Read more in our privacy statement '
      + 'Accept all Reject all Settings');
  });

  it('rejects all by keyboard only', async () => {
    const { runtime, sink } = await startRuntime(GA4);
    const el = await bannerFixture();
    await tabTo(el, $(el, '[part~="reject"]'));
    await press(' ');
    await waitUntil(() => runtime.store.state.status === 'decided');
    expect(runtime.store.state.purposes).to.deep.equal({ necessary: true, analytics: false, marketing: false });
    expect(sink.decisions[0]!.method).to.equal('reject_all');
    expect(sink.decisions[0]!.eventType).to.equal('consent.refused');
  });

  it('Escape closes the banner and grants nothing', async () => {
    const { runtime, sink } = await startRuntime(GA4);
    const el = await bannerFixture();
    await press('Escape');
    await waitUntil(() => !el.shadowRoot!.querySelector('dialog'), 'Escape did not close the banner');
    expect(runtime.dismissed).to.equal(true);
    expect(runtime.store.state.status).to.equal('undecided');
    expect(runtime.store.isGranted('analytics')).to.equal(false);
    expect(sink.decisions).to.have.length(0);
    // Withdrawal/choice stays reachable after closing.
    await waitUntil(() => document.querySelector('consent-settings-button'));
  });

  it('the close button is named, big enough, and grants nothing', async () => {
    const { runtime, sink } = await startRuntime(GA4);
    const el = await bannerFixture();
    const x = $(el, '[part="close"]');
    expect(x.getAttribute('aria-label')).to.equal('Close without accepting');
    x.click();
    await waitUntil(() => !el.shadowRoot!.querySelector('dialog'));
    expect(runtime.store.state.status).to.equal('undecided');
    expect(sink.decisions).to.have.length(0);
  });

  it('does not show when a valid decision is stored', async () => {
    await startRuntime(GA4, { stored: storedDecision({ analytics: false, marketing: false }) });
    const el = await fixture<ConsentBanner>(html`<consent-banner></consent-banner>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
  });

  it('Settings hands over to the preferences; closing them undecided brings the banner back, focus on Settings', async () => {
    const { runtime } = await startRuntime(GA4);
    const el = await bannerFixture();
    await tabTo(el, $(el, '[part~="settings"]'));
    await press('Enter');
    const prefs = await openedPreferences();
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
    await press('Escape');
    await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'the banner did not come back');
    expect(prefs.shadowRoot!.querySelector('dialog')).to.equal(null);
    expect(deepActive() === $(el, '[part~="settings"]'), 'focus is back on Settings').to.equal(true);
    expect(runtime.store.state.status).to.equal('undecided');
  });

  it('Settings, then Save in the preferences: the banner is gone and focus is at the page start', async () => {
    const { runtime, sink } = await startRuntime(GA4);
    const el = await bannerFixture();
    $(el, '[part~="settings"]').click();
    const prefs = await openedPreferences();
    $(prefs, '[part~="save"]').click();
    await waitUntil(() => !prefs.shadowRoot!.querySelector('dialog'), 'the preferences did not close');
    expect(sink.decisions[0]!.method).to.equal('preferences_save');
    expect(runtime.store.state.purposes).to.deep.equal({ necessary: true, analytics: false, marketing: false });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog')).to.equal(null);
    expect(document.activeElement).to.equal(document.body);
  });

  it('reflows at 320 px: no horizontal scrolling, all buttons reachable', async () => {
    await setViewport({ width: 320, height: 568 });
    await startRuntime({ ...GA4, controller: 'Woningcorporatie-met-een-heel-lange-naam-zonder-spaties-BV' });
    const el = await bannerFixture();
    const dialog = $(el, 'dialog');
    expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
    expect(dialog.scrollWidth).to.be.at.most(dialog.clientWidth);
    expect(dialog.getBoundingClientRect().right).to.be.at.most(320);
    for (const b of $$(el, '[part~="button"]')) {
      b.scrollIntoView();
      const r = b.getBoundingClientRect();
      expect(r.left).to.be.at.least(0);
      expect(r.right).to.be.at.most(320);
    }
  });

  it('mirrors in a right-to-left page: the close button moves to the left', async () => {
    await startRuntime(GA4);
    const el = await bannerFixture();
    const dialog = $(el, 'dialog').getBoundingClientRect();
    const x = () => $(el, '[part="close"]').getBoundingClientRect();
    expect(dialog.right - x().right).to.be.lessThan(20);
    el.dir = 'rtl';
    expect(x().left - dialog.left).to.be.lessThan(20);
  });

  it('has targets of at least 24 × 24 px', async () => {
    await startRuntime(GA4);
    const el = await bannerFixture();
    for (const b of $$(el, 'button')) {
      const r = b.getBoundingClientRect();
      expect(r.width, b.outerHTML).to.be.at.least(24);
      expect(r.height, b.outerHTML).to.be.at.least(24);
    }
  });

  for (const scheme of SCHEMES) {
    it(`has enough contrast for text and buttons (${scheme})`, async () => {
      await startRuntime(GA4);
      const el = await bannerFixture(scheme);
      const bg = getComputedStyle($(el, 'dialog')).backgroundColor;
      expect(contrast(getComputedStyle($(el, 'p')).color, bg)).to.be.at.least(4.5);
      expect(contrast(getComputedStyle($(el, 'a')).color, bg)).to.be.at.least(4.5);
      for (const b of $$(el, '[part~="button"]')) {
        const s = getComputedStyle(b);
        expect(contrast(s.color, s.backgroundColor)).to.be.at.least(4.5);
        expect(contrast(s.borderTopColor, bg)).to.be.at.least(3);
      }
      // The focus ring against the dialog background.
      $(el, '[part~="accept"]').focus();
      await press('Shift'); // keyboard modality, so :focus-visible applies
      expect(contrast(getComputedStyle($(el, '[part~="accept"]')).outlineColor, bg)).to.be.at.least(3);
    });
  }

  it('shows hostile config text as text and creates no element from it', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    await startRuntime({ controller: evil, purposes: [{ id: 'analytics', label: '<script>window.__pwned=1</script>', description: '<b>bold</b>' }] });
    const el = await bannerFixture();
    expect($$(el, 'img, script, b')).to.have.length(0);
    const shown = $(el, 'dialog').innerText;
    expect(shown).to.contain(evil);
    expect(shown).to.contain('<script>window.__pwned=1</script>');
    expect(shown).to.contain('<b>bold</b>');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('speaks Dutch when the config says nl', async () => {
    await startRuntime({ ...GA4, lang: 'nl' });
    const el = await bannerFixture();
    expect($(el, 'h2').textContent).to.equal('Cookies op deze website');
    expect($$(el, '[part~="button"]').map((b) => b.textContent)).to.deep.equal(['Alles accepteren', 'Alles weigeren', 'Instellingen']);
    expect($(el, 'dialog').innerText).to.contain('Statistieken');
    expect($(el, 'dialog').getAttribute('lang')).to.equal('nl');
  });

  it('falls back to <html lang> when the config has no language', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'nl-NL';
    try {
      await startRuntime(GA4);
      const el = await bannerFixture();
      expect($(el, '[part~="accept"]').textContent).to.equal('Alles accepteren');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('the config language wins over <html lang>', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'nl';
    try {
      await startRuntime({ ...GA4, lang: 'en' });
      const el = await bannerFixture();
      expect($(el, '[part~="accept"]').textContent).to.equal('Accept all');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('uses the site\'s text overrides', async () => {
    await startRuntime({ ...GA4, lang: 'nl', texts: { nl: { acceptAll: 'Akkoord', bannerTitle: 'Mag dat?' } } });
    const el = await bannerFixture();
    expect($(el, '[part~="accept"]').textContent).to.equal('Akkoord');
    expect($(el, 'h2').textContent).to.equal('Mag dat?');
    expect($(el, '[part~="reject"]').textContent).to.equal('Alles weigeren');
  });

  it('shows again after a reset', async () => {
    const { runtime } = await startRuntime(GA4);
    const el = await bannerFixture();
    $(el, '[part~="reject"]').click();
    await waitUntil(() => !el.shadowRoot!.querySelector('dialog'));
    await runtime.api.reset();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'the banner did not come back after reset');
  });
});
