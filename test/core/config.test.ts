import { expect, fixture, html } from '@open-wc/testing';
import { resolveConfig, resolveDetails, checkEndpoint, safeHttpUrl, VENDOR_PRESETS } from '../../src/core/config-check.js';
import { describeConfigErrors } from '../../src/core/messages.js';
import { coreConfig } from '../../src/core/core-config.js';
import { readElementConfig } from '../../src/core/element-config.js';
import type { ConsentConfig } from '../../src/core/types.js';
import enPrefs from '../../src/i18n/en-prefs.js';
import nlPrefs from '../../src/i18n/nl-prefs.js';

const messages = (c: unknown) => describeConfigErrors(resolveConfig(c as ConsentConfig).errors).join('\n');

describe('config validation', () => {
  it('defaults to necessary + analytics, policy "1", 12/6 months, nothing sent', () => {
    const { config, errors } = resolveConfig({});
    expect(errors).to.deep.equal([]);
    expect(config.purposes.map((p) => p.id)).to.deep.equal(['necessary', 'analytics']);
    expect(config.purposes[0]!.required).to.equal(true);
    expect(config.purposes[1]!.ipMasking).to.equal(true);
    expect(config.endpoint).to.equal(null);
    expect([config.validityMonths, config.refusalMonths, config.policyVersion]).to.deep.equal([12, 6, '1']);
  });

  it('refuses javascript:, data: and other non-http(s) privacy URLs', () => {
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>x', 'vbscript:x', 'file:///etc/passwd']) {
      expect(resolveConfig({ privacyUrl: bad }).config.privacyUrl, bad).to.equal(null);
      expect(messages({ privacyUrl: bad }), bad).to.contain('config privacyUrl: ').and.contain('not an http(s) URL');
    }
    expect(resolveConfig({ privacyUrl: '/privacy' }).config.privacyUrl).to.equal(new URL('/privacy', location.href).href);
    expect(safeHttpUrl('https://woco.example/privacy')).to.equal('https://woco.example/privacy');
  });

  it('accepts https endpoints and plain http only on localhost / 127.0.0.1', () => {
    expect(checkEndpoint('https://collect.example/events')).to.equal('https://collect.example/events');
    expect(checkEndpoint('http://localhost:8080/e')).to.equal('http://localhost:8080/e');
    expect(checkEndpoint('http://127.0.0.1:9/e')).to.equal('http://127.0.0.1:9/e');
    expect(checkEndpoint('http://example.org/e')).to.equal(null);
    expect(checkEndpoint('http://localhost.example.org/e')).to.equal(null);
    expect(resolveConfig({ endpoint: 'http://example.org/events' }).config.endpoint).to.equal(null);
    expect(messages({ endpoint: 'http://example.org/events' })).to.contain('config endpoint: "http://example.org/events" is not https');
    expect(messages({ endpoint: 'ftp://x' })).to.contain('endpoint');
  });

  it('every problem code has a sentence', () => {
    const all = resolveConfig({ x: 1, purposes: [{ id: 'a', vendors: [5, 'nope', {}], cookies: [{}], label: 5 }, { id: 'necessary', vendors: ['ga4'] }] } as unknown as ConsentConfig);
    expect(all.errors.length).to.be.greaterThan(5);
    for (const line of describeConfigErrors(all.errors)) expect(line).to.match(/^config \S+: \S.{10,}/);
  });

  it('names each bad field and falls back safely', () => {
    const text = messages({
      purposes: [{ id: 'Analytics!' }, { id: 'marketing', legalBasis: 'legitimate_interest' }, { id: 'marketing' }, 'x'],
      validityMonths: -1, refusalMonths: 'six', noSettingsButton: 'yes', jurisdiction: 'Netherlands',
      ga4MeasurementId: 'UA-123', texts: { nl: { acceptAll: 5 } }, privacyURL: 'https://typo.example',
    });
    for (const part of ['config purposes[0].id: "Analytics!" is not a valid purpose id', 'config purposes[1].legalBasis: "legitimate_interest" is not allowed',
      'duplicate purpose "marketing"', 'config purposes[3]: must be an object', 'config validityMonths: -1', 'config refusalMonths: "six"',
      'config noSettingsButton: must be true or false', 'config jurisdiction: "Netherlands"', 'config ga4MeasurementId: "UA-123"',
      'config texts.nl.acceptAll: must be a string', 'config privacyURL: is not a known setting']) {
      expect(text).to.contain(part);
    }
  });

  it('keeps analytics vendors out of the necessary purpose', () => {
    const { config, errors } = resolveConfig({ purposes: [{ id: 'necessary', vendors: ['ga4'] }, { id: 'analytics' }] });
    expect(config.purposes[0]!.vendors).to.deep.equal([]);
    expect(config.purposes[0]!.cookies).to.deep.equal([]);
    expect(describeConfigErrors(errors).join()).to.contain('cannot be necessary');
  });

  it('expands vendor presets with their cookies, and turns the IP-masking sentence off per vendor', () => {
    const { config } = resolveConfig({ purposes: [{ id: 'analytics', vendors: ['ga4'] }] });
    expect(config.purposes[1]!.cookies.map((c) => c.name)).to.deep.equal(['_ga', '_ga_*']);
    expect(config.purposes[1]!.ipMasking).to.equal(true);
    const off = resolveConfig({ purposes: [{ id: 'analytics', vendors: [{ preset: 'matomo', ipMasking: false }] }] }).config;
    expect(off.purposes[1]!.ipMasking).to.equal(false);
    expect(off.purposes[1]!.cookies.map((c) => c.name)).to.deep.equal(['_pk_id.*', '_pk_ses.*']);
    expect(messages({ purposes: [{ id: 'analytics', vendors: ['hotjar'] }] })).to.contain('unknown vendor preset "hotjar"');
  });

  it('keeps the presets\' cookie texts out of the configuration, and gives a site\'s cookie without texts none (\'\')', () => {
    // A preset's cookie has only its name and recipient: its purpose and lifetime are texts of the preferences.
    expect(VENDOR_PRESETS.ga4!.cookies).to.deep.equal([{ name: '_ga', recipient: 'Google Ireland Ltd.' }, { name: '_ga_*', recipient: 'Google Ireland Ltd.' }]);
    expect(VENDOR_PRESETS.matomo!.cookies).to.deep.equal([{ name: '_pk_id.*' }, { name: '_pk_ses.*' }]);
    const { config, errors } = resolveConfig({ purposes: [{
      id: 'analytics',
      cookies: [{ name: '_ga' }, { name: 'own', purpose: { nl: 'Eigen', en: 'Own' } }],
      vendors: ['ga4', { preset: 'matomo', cookies: [{ name: '_pk_id.*', lifetime: '13 months' }] }],
    }] });
    expect(errors).to.deep.equal([]);
    // `undefined` marks a preset's cookie; a site's own (also one that replaces a preset's list) has '' for a text it leaves out.
    expect(config.purposes[1]!.cookies).to.deep.equal([
      { name: '_ga', purpose: '', lifetime: '', recipient: undefined },
      { name: 'own', purpose: { nl: 'Eigen', en: 'Own' }, lifetime: '', recipient: undefined },
      { name: '_ga', recipient: 'Google Ireland Ltd.' },
      { name: '_ga_*', recipient: 'Google Ireland Ltd.' },
      { name: '_pk_id.*', purpose: '', lifetime: '13 months', recipient: undefined },
    ]);
  });

  it('has a built-in purpose and lifetime, in Dutch and English, for every preset\'s cookie', () => {
    const names = Object.values(VENDOR_PRESETS).flatMap((v) => v.cookies!.map((c) => c.name));
    expect(names).to.deep.equal(['_ga', '_ga_*', '_pk_id.*', '_pk_ses.*']);
    for (const table of [nlPrefs, enPrefs] as Array<Record<string, string>>) {
      for (const name of names) for (const key of ['cookiePurpose', 'cookieLifetime']) expect(table[`${key} ${name}`], `${key} ${name}`).to.be.a('string').and.not.equal('');
    }
    // The Dutch texts are legal copy: as they were when they lived in the presets.
    expect(names.map((n) => [nlPrefs[`cookiePurpose ${n}` as keyof typeof nlPrefs], nlPrefs[`cookieLifetime ${n}` as keyof typeof nlPrefs]])).to.deep.equal([
      ['Onderscheidt bezoekers', '2 jaar'], ['Bewaart de sessiestatus', '2 jaar'], ['Onderscheidt bezoekers', '13 maanden'], ['Houdt een bezoek bij', '30 minuten'],
    ]);
  });

  it('keeps hostile text as plain data (rendering escapes it)', () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const { config } = resolveConfig({ controller: evil, purposes: [{ id: 'analytics', label: evil }] });
    expect(config.controller).to.equal(evil);
    expect(config.purposes[1]!.label).to.equal(evil);
  });
});

describe('reading config from <consent-banner>', () => {
  it('reads attributes and a JSON child; attributes win', async () => {
    const el = await fixture(html`<consent-banner endpoint="https://c.example/e" policy-version="7" privacy-url="/p" controller="Woco" lang="en" no-settings-button>
      <script type="application/json">{"policyVersion":"6","purposes":[{"id":"analytics"},{"id":"marketing"}]}</script></consent-banner>`);
    const { config, error } = readElementConfig(el);
    expect(error).to.equal(null);
    expect(config).to.deep.include({ endpoint: 'https://c.example/e', policyVersion: '7', privacyUrl: '/p', controller: 'Woco', lang: 'en', noSettingsButton: true });
    expect(config.purposes).to.have.length(2);
  });

  it('reports invalid JSON by name and uses defaults', async () => {
    const el = await fixture(html`<consent-banner><script type="application/json">{ purposes: [analytics] }</script></consent-banner>`);
    const { config, error } = readElementConfig(el);
    expect(error).to.match(/^is invalid \(.+\)$/);
    expect(config).to.deep.equal({});
    const arr = await fixture(html`<consent-banner><script type="application/json">[1,2]</script></consent-banner>`);
    expect(readElementConfig(arr).error).to.equal('is not an object');
  });

  it('merges a `config` property between the JSON child and the attributes; no element gives the defaults', async () => {
    const el = await fixture(html`<consent-banner consent-mode controller="Attr">
      <script type="application/json">{"controller":"Json","policyVersion":"6","lang":"nl"}</script></consent-banner>`);
    Object.assign(el, { config: { controller: 'Prop', policyVersion: '7' } });
    expect(readElementConfig(el)).to.deep.equal({ config: { controller: 'Attr', policyVersion: '7', lang: 'nl', consentMode: true }, error: null });
    expect(readElementConfig(null)).to.deep.equal({ config: {}, error: null });
  });
});

describe('the core settings and the full configuration agree', () => {
  // Paths of problems in what the core reads (everything but privacyUrl, controller, jurisdiction and
  // the details of valid purpose entries).
  const CORE_PATH = /^(\(root\)|endpoint|policyVersion|lang|purposes(\[\d+\](\.id)?)?|validityMonths|refusalMonths|texts\b.*|noSettingsButton|consentMode|dataLayerName|ga4MeasurementId|gpcRefuses|refusalTrail|unknownKey|[a-z]+Key)$/;
  const inputs: unknown[] = [
    undefined, null, 5, 'x', [], {},
    { purposes: [{ id: 'analytics' }, { id: 'marketing' }, { id: 'analytics' }, { id: 'Bad' }, 7, { id: 'necessary', label: 'N' }] },
    { purposes: 'analytics', endpoint: 'http://example.org', validityMonths: 99, refusalMonths: -2, texts: { NL: { acceptAll: 'Ja' }, en: 5 } },
    { endpoint: 'https://c.example/e', ga4MeasurementId: 'G-ABC123', gpcRefuses: ['marketing', 'analytics'], consentMode: 'yes', lang: 'NL' },
    { purposes: [], policyVersion: 3, dataLayerName: 'dl', refusalTrail: true, noSettingsButton: true, unknownKey: 1 },
    { endpoint: 'https://c.example/e', policyVersion: '2', lang: 'en', purposes: [{ id: 'analytics', vendors: ['ga4'] }], validityMonths: 13 },
    { privacyUrl: 'javascript:alert(1)', purposes: [{ id: 'marketing', legalBasis: 'legitimate_interest' }], texts: { nl: { x: 'y' } } },
    { validityMonths: 14, refusalMonths: Number.NaN, texts: { de: 'x' }, gpcRefuses: [1], ga4MeasurementId: 'UA-1', noSettingsButton: null },
    // Details only, one problem each (so a check the resolver misses shows), then none.
    ...[['ga4', 'nope'], ['constructor'], [5], [{}], [{ preset: 'matomo', cookies: [{ name: '' }] }], [{ id: 'x', cookies: 'x' }]]
      .map((vendors) => ({ purposes: [{ id: 'analytics', vendors }] })),
    ...[{ label: 5 }, { description: { nl: 'x', en: 1 } }, { cookies: 'all' }, { cookies: [{ name: 'a' }, 'x'] }, { vendors: 'ga4' }, { legalBasis: 'contract' }]
      .map((p) => ({ purposes: [{ id: 'analytics', ...p }] })),
    { purposes: [{ id: 'necessary', vendors: ['ga4'] }] },
    { controller: 7 }, { jurisdiction: 'nl' }, { privacyUrl: 'data:text/html,x' }, { privacyUrl: 5 },
    { purposes: [{ id: 'necessary', vendors: [{ id: 'cdn', recipient: 'CDN BV' }] }, { id: 'marketing', legalBasis: 'consent', cookies: [{ name: 'm', purpose: 3 }] }],
      privacyUrl: '/privacy', jurisdiction: 'BE', controller: 'Woonstichting' },
    { purposes: [{ id: 'analytics', vendors: ['ga4', { preset: 'matomo', name: 'M' }, { id: 'x', name: 'X', recipient: 'X BV', ipMasking: false, cookies: [{ name: 'x_*' }] }] }] },
    // Bad vendor entries are the details' business: the core only keys them (vendorKeys), quietly.
    { purposes: [{ id: 'analytics', vendors: 'ga4' }, { id: 'marketing', vendors: [7, { preset: 'nope' }, { name: 'x' }, null, []] }, { id: 'functional', vendors: [] }] },
  ];
  for (const input of inputs) {
    it(`for ${JSON.stringify(input)}`, () => {
      let flagged = false;
      const core = coreConfig(input as ConsentConfig, () => { flagged = true; });
      const full = resolveConfig(input as ConsentConfig);
      for (const [key, value] of Object.entries(core)) expect((full.config as unknown as Record<string, unknown>)[key], key).to.deep.equal(value);
      expect(full.config.purposes.filter((p) => !p.required).map((p) => p.id)).to.deep.equal(core.purposeIds);
      // The core notices a problem exactly when the full configuration reports one in the settings the
      // core reads (then the runtime loads the full configuration at once to say what it is).
      expect(flagged, full.errors.map((e) => `${e.path}:${e.problem}`).join(' ')).to.equal(full.errors.some((e) => CORE_PATH.test(e.path)));
      // The details resolver gives the same configuration, and notices a problem exactly when the
      // checks report one in the details (with the core's flag, every reported problem is noticed).
      let details = false;
      // A copy, so the first call resolves (the result for an object is cached, and the cache keeps the flag).
      expect(resolveDetails(structuredClone(input) as ConsentConfig, () => { details = true; })).to.deep.equal(full.config);
      expect(details, full.errors.map((e) => `${e.path}:${e.problem}`).join(' ')).to.equal(full.errors.some((e) => !CORE_PATH.test(e.path)));
    });
  }
});
