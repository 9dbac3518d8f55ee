import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { ConsentPreferences } from '../../src/elements/preferences.js';
import { VENDOR_PRESETS } from '../../src/core/config.js';
import {
  $, $$, cleanup, collapse, contrast, deepActive, emulate, openPreferences, SCHEMES, openedPreferences, press, startRuntime, storedDecision,
} from '../helpers/elements.js';

const CONFIG = {
  controller: 'Woonstichting De Linde',
  purposes: [
    { id: 'analytics', vendors: ['ga4' as const] },
    { id: 'marketing', label: { nl: 'Advertenties', en: 'Advertising' }, cookies: [{ name: 'ad_id', lifetime: '90 days', recipient: 'AdCo B.V.', purpose: 'Counts ad views' }] },
  ],
};

/** A page button that opens the preferences, as a site's "Cookie settings" link would. */
async function opener(): Promise<HTMLButtonElement> {
  return fixture<HTMLButtonElement>(html`<button data-consent-open>Cookie settings</button>`);
}

/** Presses Tab until the focused element inside `el` matches `selector`; fails after 20 presses. */
async function tabTo(el: Element, selector: string): Promise<HTMLElement> {
  const target = $(el, selector);
  for (let i = 0; i < 20 && el.shadowRoot!.activeElement !== target; i++) await press('Tab');
  expect(el.shadowRoot!.activeElement, `Tab never reached ${selector}`).to.equal(target);
  return target;
}

describe('<consent-preferences>', () => {
  afterEach(async () => {
    cleanup();
    await setViewport({ width: 800, height: 600 });
  });

  it('opens as a modal named by its heading, focus inside, and returns focus to the invoker on Escape', async () => {
    const { runtime, sink } = await startRuntime(CONFIG);
    const link = await opener();
    link.focus();
    link.click();
    const prefs = await openedPreferences();
    const dialog = $<HTMLDialogElement>(prefs, 'dialog');
    expect(dialog.matches(':modal')).to.equal(true);
    expect($(prefs, `#${dialog.getAttribute('aria-labelledby')}`).textContent).to.equal('Cookie settings');
    expect(deepActive()).to.equal(dialog);
    const closed = oneEvent(prefs, 'consent-preferences-close');
    await press('Escape');
    expect((await closed).detail.decided).to.equal(false);
    expect(document.activeElement).to.equal(link);
    expect(sink.decisions).to.have.length(0);
    expect(runtime.store.state.status).to.equal('undecided');
  });

  it('returns focus to the invoker even when the invoker was not focused (a mouse click in Safari)', async () => {
    const { runtime } = await startRuntime(CONFIG);
    const link = await opener();
    const other = await fixture<HTMLButtonElement>(html`<button>Elsewhere</button>`);
    other.focus();
    const prefs = await openPreferences(runtime, link);
    prefs.close();
    await waitUntil(() => !prefs.shadowRoot!.querySelector('dialog'));
    expect(document.activeElement).to.equal(link);
  });

  it('has one switch per purpose, off by default, necessary on and disabled, named and described', async () => {
    const { runtime } = await startRuntime(CONFIG);
    const prefs = await openPreferences(runtime);
    const switches = $$(prefs, '[role="switch"]');
    expect(switches).to.have.length(3);
    const names = switches.map((s) => $(prefs, `#${s.getAttribute('aria-labelledby')}`).textContent);
    expect(names).to.deep.equal(['Necessary', 'Statistics', 'Advertising']);
    expect(switches.map((s) => s.getAttribute('aria-checked'))).to.deep.equal(['true', 'false', 'false']);
    expect(switches.map((s) => (s as HTMLButtonElement).disabled)).to.deep.equal([true, false, false]);
    const described = $(prefs, `#${switches[1]!.getAttribute('aria-describedby')}`).textContent!;
    expect(described).to.contain('Count visits');
    expect(described).to.contain('The last part (octet) of your IP address is masked');
    expect(described).to.contain('Shared with: Google Analytics 4 (Google Ireland Ltd.)');
  });

  it('shows the switches as the stored decision has them', async () => {
    const { runtime } = await startRuntime(CONFIG, { stored: storedDecision({ analytics: true, marketing: false }) });
    const prefs = await openPreferences(runtime);
    expect($$(prefs, '[role="switch"]').map((s) => s.getAttribute('aria-checked'))).to.deep.equal(['true', 'true', 'false']);
  });

  it('lists the cookies behind each purpose with purpose, lifetime and recipient', async () => {
    const { runtime } = await startRuntime(CONFIG);
    const prefs = await openPreferences(runtime);
    const details = $$<HTMLDetailsElement>(prefs, 'details');
    expect(details.map((d) => d.querySelector('summary')!.textContent)).to.deep.equal(['Cookies (2)', 'Cookies (1)']);
    details.forEach((d) => (d.open = true));
    const text = collapse($(prefs, '[part="body"]').innerText);
    expect(text).to.contain('_ga Purpose Distinguishes visitors Lifetime 2 years Recipient Google Ireland Ltd.');
    expect(text).to.contain('_ga_* Purpose Keeps the session state');
    expect(text).to.contain('ad_id Purpose Counts ad views Lifetime 90 days Recipient AdCo B.V.');
  });

  /** Each cookie row as shown once the lists are open: `name Purpose … Lifetime … Recipient …`, in order. */
  async function cookieRows(config: Parameters<typeof startRuntime>[0]): Promise<string[]> {
    const { runtime } = await startRuntime(config);
    const prefs = await openPreferences(runtime);
    $$<HTMLDetailsElement>(prefs, 'details').forEach((d) => (d.open = true));
    return $$(prefs, 'details li').map((li) => collapse(li.innerText));
  }

  const PRESETS = { purposes: [{ id: 'analytics', vendors: ['ga4' as const, 'matomo' as const] }] };

  it('shows the presets\' cookies with their built-in purpose and lifetime, in Dutch', async () => {
    expect(await cookieRows({ ...PRESETS, lang: 'nl' })).to.deep.equal([
      '_ga Doel Onderscheidt bezoekers Bewaartermijn 2 jaar Ontvanger Google Ireland Ltd.',
      '_ga_* Doel Bewaart de sessiestatus Bewaartermijn 2 jaar Ontvanger Google Ireland Ltd.',
      '_pk_id.* Doel Onderscheidt bezoekers Bewaartermijn 13 maanden',
      '_pk_ses.* Doel Houdt een bezoek bij Bewaartermijn 30 minuten',
    ]);
  });

  it('shows the built-in texts for the presets\' own objects passed in as vendors (JS users)', async () => {
    const rows = await cookieRows({ lang: 'nl', purposes: [{ id: 'analytics', vendors: [VENDOR_PRESETS.ga4!, { ...VENDOR_PRESETS.matomo!, cookies: [...VENDOR_PRESETS.matomo!.cookies!] }] }] });
    expect(rows).to.deep.equal([
      '_ga Doel Onderscheidt bezoekers Bewaartermijn 2 jaar Ontvanger Google Ireland Ltd.',
      '_ga_* Doel Bewaart de sessiestatus Bewaartermijn 2 jaar Ontvanger Google Ireland Ltd.',
      '_pk_id.* Doel Onderscheidt bezoekers Bewaartermijn 13 maanden',
      '_pk_ses.* Doel Houdt een bezoek bij Bewaartermijn 30 minuten',
    ]);
  });

  it('shows the presets\' cookies with their built-in purpose and lifetime, in English (also for a language the site adds)', async () => {
    const en = [
      '_ga Purpose Distinguishes visitors Lifetime 2 years Recipient Google Ireland Ltd.',
      '_ga_* Purpose Keeps the session state Lifetime 2 years Recipient Google Ireland Ltd.',
      '_pk_id.* Purpose Distinguishes visitors Lifetime 13 months',
      '_pk_ses.* Purpose Tracks one visit Lifetime 30 minutes',
    ];
    expect(await cookieRows({ ...PRESETS, lang: 'en' })).to.deep.equal(en);
    cleanup();
    // A site can reword a built-in cookie text per language, like any other text.
    const de = await cookieRows({ ...PRESETS, lang: 'de', texts: { de: { cookiePurpose: 'Zweck', 'cookieLifetime _ga': '2 Jahre' } } });
    expect(de).to.deep.equal(en.map((r) => r.replace(/Purpose/, 'Zweck')).map((r, i) => (i ? r : r.replace('2 years', '2 Jahre'))));
  });

  it('shows a site\'s own cookie texts, and none where the site gives none, not even for a preset\'s cookie name', async () => {
    const rows = await cookieRows({
      lang: 'nl',
      purposes: [{
        id: 'analytics',
        vendors: [
          // A vendor object with its own cookies replaces the preset's list, texts and all.
          { preset: 'ga4', cookies: [{ name: '_ga', lifetime: '13 maanden' }, { name: '_ga_*', purpose: { nl: 'Eigen doel', en: 'Own purpose' }, lifetime: { nl: '1 dag', en: '1 day' } }] },
          { preset: 'matomo', cookies: [{ name: '_pk_ses.*', purpose: '' }] },
        ],
        cookies: [{ name: 'site_pref' }, { name: '_pk_id.*' }, { name: 'lang', purpose: 'Onthoudt de taal', recipient: 'Woonstichting De Linde' }],
      }],
    });
    expect(rows).to.deep.equal([
      'site_pref',
      '_pk_id.*',
      'lang Doel Onthoudt de taal Ontvanger Woonstichting De Linde',
      '_ga Bewaartermijn 13 maanden',
      '_ga_* Doel Eigen doel Bewaartermijn 1 dag',
      '_pk_ses.*',
    ]);
  });

  it('saves the switched purposes by keyboard only (Tab, Space, Enter) and returns focus', async () => {
    const { runtime, sink } = await startRuntime(CONFIG);
    const link = await opener();
    link.focus();
    await press('Enter');
    const prefs = await openedPreferences();
    const sw = await tabTo(prefs, '[role="switch"][aria-labelledby="l-analytics"]');
    await press(' ');
    await prefs.updateComplete;
    expect(sw.getAttribute('aria-checked')).to.equal('true');
    await tabTo(prefs, '[part~="save"]');
    await press('Enter');
    await waitUntil(() => runtime.store.state.status === 'decided');
    expect(runtime.store.state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: false });
    expect(sink.decisions[0]!.method).to.equal('preferences_save');
    expect(sink.decisions[0]!.notice!.layer).to.equal(2);
    await waitUntil(() => !prefs.shadowRoot!.querySelector('dialog'), 'the dialog did not close after saving');
    expect(document.activeElement).to.equal(link);
  });

  it('withdraws by keyboard from the settings button: Reject all is recorded as a withdrawal', async () => {
    const { runtime, sink } = await startRuntime(CONFIG, { stored: storedDecision({ analytics: true, marketing: true }) });
    const button = await waitUntil(() => document.querySelector('consent-settings-button'), 'no settings button')
      .then(() => document.querySelector('consent-settings-button')!);
    button.focus();
    expect(deepActive()?.localName).to.equal('button');
    await press('Enter');
    const prefs = await openedPreferences();
    await tabTo(prefs, '[part~="reject"]');
    const changed = oneEvent(document, 'consent-change');
    await press('Enter');
    const { detail } = await changed;
    expect(detail.revoked).to.have.members(['analytics', 'marketing']);
    expect(runtime.store.state.purposes).to.deep.equal({ necessary: true, analytics: false, marketing: false });
    expect(sink.decisions[0]!.method).to.equal('withdraw_control');
    expect(sink.decisions[0]!.eventType).to.equal('consent.withdrawn');
    await waitUntil(() => !prefs.shadowRoot!.querySelector('dialog'));
    expect(document.activeElement).to.equal(button);
  });

  it('Accept all grants everything', async () => {
    const { runtime, sink } = await startRuntime(CONFIG);
    const prefs = await openPreferences(runtime);
    $(prefs, '[part~="accept"]').click();
    await waitUntil(() => runtime.store.state.status === 'decided');
    expect(runtime.store.state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: true });
    expect(sink.decisions[0]!.method).to.equal('accept_all');
  });

  it('Reject all before any decision is a refusal, not a withdrawal', async () => {
    const { runtime, sink } = await startRuntime(CONFIG);
    const prefs = await openPreferences(runtime);
    $(prefs, '[part~="reject"]').click();
    await waitUntil(() => runtime.store.state.status === 'decided');
    expect(sink.decisions[0]!.method).to.equal('reject_all');
  });

  it('the close button is named and grants nothing, even with switches turned on', async () => {
    const { runtime, sink } = await startRuntime(CONFIG);
    const prefs = await openPreferences(runtime);
    $(prefs, '[aria-labelledby="l-analytics"]').click();
    const x = $(prefs, '[part="close"]');
    expect(x.getAttribute('aria-label')).to.equal('Close without saving');
    x.click();
    await waitUntil(() => !prefs.shadowRoot!.querySelector('dialog'));
    expect(sink.decisions).to.have.length(0);
    expect(runtime.store.isGranted('analytics')).to.equal(false);
    // Reopening starts from the decision in force, not from the abandoned draft.
    await openPreferences(runtime);
    expect($(prefs, '[aria-labelledby="l-analytics"]').getAttribute('aria-checked')).to.equal('false');
  });

  it('records the visible text of the dialog as the notice, without the collapsed cookie details', async () => {
    const { runtime, sink } = await startRuntime({ purposes: [{ id: 'analytics', vendors: ['ga4'] }] });
    const prefs = await openPreferences(runtime);
    $(prefs, '[part~="save"]').click();
    await waitUntil(() => sink.decisions.length === 1);
    const notice = sink.decisions[0]!.notice!;
    expect(notice.layer).to.equal(2);
    expect(notice.text).to.equal(
      'Cookie settings '
      + 'Choose for each purpose whether you give consent. Anything you do not switch on stays off. You can change your choice at any time. '
      + 'Necessary Always on Needed for the website to work and to remember your cookie choice. '
      + 'Statistics Count visits and see how the website is used, so that we can improve it. '
      + 'The last part (octet) of your IP address is masked, so your full address is not stored. '
      + 'Shared with: Google Analytics 4 (Google Ireland Ltd.). '
      + 'Cookies (2) '
      + 'Save choices Accept all Reject all');
  });

  it('shows the consent id once there is one', async () => {
    const { runtime } = await startRuntime(CONFIG, { stored: storedDecision({ analytics: false, marketing: false }) });
    const prefs = await openPreferences(runtime);
    expect($(prefs, '[part="body"]').innerText).to.contain('Your consent ID: 3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b.');
  });

  it('shows no consent id before the first decision', async () => {
    const { runtime } = await startRuntime(CONFIG);
    const prefs = await openPreferences(runtime);
    expect($(prefs, '[part="body"]').innerText).not.to.contain('consent ID');
  });

  it('notes the Global Privacy Control signal and keeps the purposes it refuses off', async () => {
    const { runtime } = await startRuntime(CONFIG, { gpc: true });
    const prefs = await openPreferences(runtime);
    expect($(prefs, '.note').textContent).to.contain('Your browser sends the Global Privacy Control signal.');
    expect($(prefs, '.note').textContent).to.contain('unless you switch them on here: Advertising.');
    $(prefs, '[part~="accept"]').click();
    await waitUntil(() => runtime.store.state.status === 'decided');
    expect(runtime.store.state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: false });
  });

  it('has no GPC note without the signal', async () => {
    const { runtime } = await startRuntime(CONFIG);
    const prefs = await openPreferences(runtime);
    expect($$(prefs, '.note')).to.have.length(0);
  });

  for (const scheme of SCHEMES) {
    it(`the modal passes axe, with the cookie details open (${scheme})`, async () => {
      const { runtime } = await startRuntime(CONFIG, { stored: storedDecision({ analytics: true, marketing: false }), gpc: true });
      const prefs = await openPreferences(runtime);
      prefs.style.colorScheme = scheme;
      $$<HTMLDetailsElement>(prefs, 'details').forEach((d) => (d.open = true));
      await expect(prefs).to.be.accessible();
    });

    it(`the inline form passes axe (${scheme})`, async () => {
      await startRuntime(CONFIG);
      const el = await fixture<ConsentPreferences>(html`<consent-preferences inline style="color-scheme: ${scheme}"></consent-preferences>`);
      await waitUntil(() => el.shadowRoot!.querySelector('section'));
      await expect(el).to.be.accessible();
    });

    it(`switches, buttons and text have enough contrast (${scheme})`, async () => {
      const { runtime } = await startRuntime(CONFIG);
      const prefs = await openPreferences(runtime);
      prefs.style.colorScheme = scheme;
      const bg = getComputedStyle($(prefs, 'dialog')).backgroundColor;
      expect(contrast(getComputedStyle($(prefs, 'p')).color, bg)).to.be.at.least(4.5);
      const sw = $(prefs, '[aria-labelledby="l-analytics"]');
      const knob = (el: Element) => getComputedStyle(el, '::after').backgroundColor;
      // Off: the track's border and the knob stand out from the background.
      expect(contrast(getComputedStyle(sw).borderTopColor, bg)).to.be.at.least(3);
      expect(contrast(knob(sw), getComputedStyle(sw).backgroundColor)).to.be.at.least(3);
      sw.click();
      await prefs.updateComplete;
      // On: the filled track stands out from the background, and the knob from the track.
      expect(contrast(getComputedStyle(sw).backgroundColor, bg)).to.be.at.least(3);
      expect(contrast(knob(sw), getComputedStyle(sw).backgroundColor)).to.be.at.least(3);
      for (const b of $$(prefs, '[part~="button"]')) {
        const s = getComputedStyle(b);
        expect(contrast(s.color, s.backgroundColor)).to.be.at.least(4.5);
      }
    });
  }

  it('drops the switch animation when the visitor asks for reduced motion', async () => {
    const { runtime } = await startRuntime(CONFIG);
    const prefs = await openPreferences(runtime);
    const duration = () => getComputedStyle($(prefs, '[aria-labelledby="l-analytics"]'), '::after').transitionDuration;
    if (await emulate({ reducedMotion: 'reduce' })) {
      try {
        expect(duration()).to.equal('0s');
        await emulate({ reducedMotion: 'no-preference' });
        expect(duration()).to.equal('0.15s');
      } finally {
        await emulate({ reducedMotion: 'no-preference' });
      }
    } else {
      // This driver cannot emulate the setting: check against the real one.
      expect(duration()).to.equal(matchMedia('(prefers-reduced-motion: reduce)').matches ? '0s' : '0.15s');
    }
  });

  it('buttons share one class and size; every target is at least 24 × 24 px', async () => {
    const { runtime } = await startRuntime(CONFIG);
    const prefs = await openPreferences(runtime);
    const buttons = $$(prefs, '[part~="buttons"] button');
    expect(buttons.map((b) => b.textContent)).to.deep.equal(['Save choices', 'Accept all', 'Reject all']);
    expect(new Set(buttons.map((b) => b.className)).size).to.equal(1);
    const [a, ...rest] = buttons.map((b) => b.getBoundingClientRect());
    for (const r of rest) {
      expect(Math.abs(r.width - a!.width)).to.be.at.most(1);
      expect(Math.abs(r.height - a!.height)).to.be.at.most(1);
    }
    for (const t of $$(prefs, 'button, summary')) {
      const r = t.getBoundingClientRect();
      expect(r.width, t.outerHTML).to.be.at.least(24);
      expect(r.height, t.outerHTML).to.be.at.least(24);
    }
  });

  it('reflows at 320 px: no horizontal scrolling, the dialog scrolls vertically', async () => {
    await setViewport({ width: 320, height: 480 });
    const { runtime } = await startRuntime(CONFIG, { stored: storedDecision({ analytics: false, marketing: false }) });
    const prefs = await openPreferences(runtime);
    $$<HTMLDetailsElement>(prefs, 'details').forEach((d) => (d.open = true));
    const dialog = $(prefs, 'dialog');
    expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
    expect(dialog.scrollWidth).to.be.at.most(dialog.clientWidth);
    expect(dialog.getBoundingClientRect().bottom).to.be.at.most(480);
    expect(dialog.scrollHeight, 'content this tall should scroll inside the dialog').to.be.greaterThan(dialog.clientHeight);
    const last = $(prefs, '[part~="reject"]');
    last.scrollIntoView();
    const r = last.getBoundingClientRect();
    expect(r.bottom).to.be.at.most(480);
    expect(r.right).to.be.at.most(320);
  });

  it('inline: renders in place, decides without closing and says so', async () => {
    const { runtime, sink } = await startRuntime({ ...CONFIG, lang: 'nl' });
    const el = await fixture<ConsentPreferences>(html`<consent-preferences inline></consent-preferences>`);
    await waitUntil(() => el.shadowRoot!.querySelector('section'));
    expect($$(el, 'dialog, [part="close"]')).to.have.length(0);
    expect($(el, 'h2').textContent).to.equal('Cookie-instellingen');
    expect($$(el, '[part~="buttons"] button').map((b) => b.textContent)).to.deep.equal(['Keuze opslaan', 'Alles accepteren', 'Alles weigeren']);
    $(el, '[aria-labelledby="l-marketing"]').click();
    $(el, '[part~="save"]').click();
    await waitUntil(() => runtime.store.state.status === 'decided');
    expect(runtime.store.state.purposes).to.deep.equal({ necessary: true, analytics: false, marketing: true });
    expect(sink.decisions[0]!.notice!.language).to.equal('nl');
    await waitUntil(() => $(el, '[role="status"]').textContent === 'Uw keuze is opgeslagen.');
    expect($(el, 'section').isConnected).to.equal(true);
    expect(collapse($(el, '[part="body"]').innerText)).to.contain('Uw toestemmings-ID:');
  });

  it('inline: follows decisions made elsewhere', async () => {
    const { runtime } = await startRuntime(CONFIG);
    const el = await fixture<ConsentPreferences>(html`<consent-preferences inline></consent-preferences>`);
    await waitUntil(() => el.shadowRoot!.querySelector('section'));
    await runtime.api.grant(['analytics']);
    await waitUntil(() => $(el, '[aria-labelledby="l-analytics"]').getAttribute('aria-checked') === 'true');
  });

  it('shows hostile config text as text and creates no element from it', async () => {
    const { runtime } = await startRuntime({
      purposes: [{ id: 'analytics', label: '<script>window.__pwned=1</script>', description: '<img src=x onerror="window.__pwned=1">',
        cookies: [{ name: '<svg onload="window.__pwned=1">', recipient: '<iframe src="javascript:1">', purpose: '<b>x</b>' }] }],
    });
    const prefs = await openPreferences(runtime);
    $$<HTMLDetailsElement>(prefs, 'details').forEach((d) => (d.open = true));
    expect($$(prefs, 'script, img, b, iframe, [part="body"] svg')).to.have.length(0);
    const shown = $(prefs, '[part="body"]').innerText;
    for (const s of ['<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=1">', '<svg onload="window.__pwned=1">', '<iframe src="javascript:1">', '<b>x</b>']) {
      expect(shown).to.contain(s);
    }
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('uses text overrides for the buttons and Dutch defaults for the purposes', async () => {
    const { runtime } = await startRuntime({ ...CONFIG, lang: 'nl', texts: { nl: { save: 'Bewaren', analyticsLabel: 'Bezoekersstatistieken' } } });
    const prefs = await openPreferences(runtime);
    expect($(prefs, '[part~="save"]').textContent).to.equal('Bewaren');
    expect($(prefs, '#l-analytics').textContent).to.equal('Bezoekersstatistieken');
    expect($(prefs, '#l-necessary').textContent).to.equal('Noodzakelijk');
    expect($(prefs, '#l-marketing').textContent).to.equal('Advertenties');
  });
});
