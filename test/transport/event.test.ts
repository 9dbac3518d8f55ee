/**
 * The consent event on the wire: envelope, record, event chain, privacy of the payload, and the
 * schema check on the collector (which must be able to fail).
 */
import { expect } from '@open-wc/testing';
import { Collector } from '../helpers/collector.js';
import { resolveConfig } from '../../src/core/config-check.js';
import type { Decision } from '../../src/core/types.js';
import { UUID_RE } from '../../src/core/store.js';
import { VERSION } from '../../src/version.js';
import { decisionEvent, sha256Hex } from '../../src/transport/event.js';
import { sha256Js } from '../../src/transport/sha256.js';
import { createSink } from '../../src/transport/sink.js';
import type { CloudEvent, ConsentEvent } from '../../src/transport/types.js';
import { FAST, NOTICE, boot, expectExactlyOnce, uniqueDb, type Booted } from './util.js';

async function subtleHex(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('consent events: envelope and record', () => {
  let b: Booted | null = null;
  afterEach(() => {
    b?.stop();
    b = null;
  });

  it('sends a CloudEvents 1.0 batch whose event carries the whole consent record', async () => {
    const c = await Collector.create();
    b = await boot(c.url, { controller: 'Woonstichting Voorbeeld', policyVersion: '2026-05', privacyUrl: 'https://www.example.org/privacy?utm_source=x#cookies', jurisdiction: 'BE' });
    const before = Date.now();
    const id = await b.accept();
    const st = await c.waitFor([id]);
    expectExactlyOnce(st, [id]);
    const req = st.requests[0]!;
    expect(req.contentType).to.equal('application/cloudevents-batch+json');
    const body = JSON.parse(req.body) as ConsentEvent[];
    expect(body).to.be.an('array').with.length(1);
    const e = body[0]!;
    expect(Object.keys(e).sort()).to.deep.equal(['data', 'datacontenttype', 'id', 'source', 'specversion', 'subject', 'time', 'type']);
    expect(e.specversion).to.equal('1.0');
    expect(e.id).to.equal(id);
    expect(e.id).to.match(UUID_RE);
    expect(e.source).to.equal(location.origin);
    expect(e.type).to.equal('consent.given');
    expect(e.subject).to.equal(b.runtime.store.state.consentId);
    expect(e.subject).to.match(UUID_RE);
    expect(e.datacontenttype).to.equal('application/json');
    expect(Date.parse(e.time)).to.be.within(before, Date.now());
    expect(e.time).to.equal(new Date(Date.parse(e.time)).toISOString());
    const expiry = new Date(b.runtime.store.state.expiresAt!).toISOString();
    expect(e.data).to.deep.equal({
      schema_version: '1.0.0',
      jurisdiction: 'BE',
      controller: { name: 'Woonstichting Voorbeeld', privacy_url: 'https://www.example.org/privacy', policy_version: '2026-05' },
      notice: { sha256: await subtleHex(NOTICE.text), language: 'en', layer: 1 },
      collection: { method: 'accept_all', library_version: VERSION, gpc: false },
      purposes: [
        { id: 'analytics', state: 'granted', valid_until: expiry, vendors: ['google-analytics'] },
        { id: 'marketing', state: 'granted', valid_until: expiry, vendors: ['meta-pixel'] },
      ],
    });
  });

  it('chains given → updated → withdrawn under one subject, each pointing at the previous event', async () => {
    const c = await Collector.create();
    b = await boot(c.url);
    const store = b.runtime.store;
    await store.acceptAll('accept_all', NOTICE);
    const given = b.lastId();
    await store.decide({ analytics: true, marketing: false }, 'preferences_save', { ...NOTICE, layer: 2 });
    const updated = b.lastId();
    await store.rejectAll('withdraw_control', { ...NOTICE, layer: 2 });
    const withdrawn = b.lastId();
    const st = await c.waitFor([given, updated, withdrawn]);
    expectExactlyOnce(st, [given, updated, withdrawn]);
    const byId = new Map(st.events.map((e) => [e.id, e as ConsentEvent]));
    const [g, u, w] = [byId.get(given)!, byId.get(updated)!, byId.get(withdrawn)!];
    expect([g.type, u.type, w.type]).to.deep.equal(['consent.given', 'consent.updated', 'consent.withdrawn']);
    expect(new Set([g.subject, u.subject, w.subject]).size).to.equal(1);
    expect(g.subject).to.equal(store.state.consentId);
    expect(g.data.previous_event_id).to.equal(undefined);
    expect(u.data.previous_event_id).to.equal(given);
    expect(w.data.previous_event_id).to.equal(updated);
    expect(u.data.purposes!.map((p) => p.state)).to.deep.equal(['granted', 'withdrawn']);
    expect(w.data.purposes!.map((p) => p.state)).to.deep.equal(['withdrawn', 'denied']);
    expect([g, u, w].map((e) => e.data.collection.method)).to.deep.equal(['accept_all', 'preferences_save', 'withdraw_control']);
    expect(u.data.notice!.layer).to.equal(2);
  });

  it('counts a refusal without a consent id, and with one when refusalTrail is on', async () => {
    const c = await Collector.create();
    b = await boot(c.url);
    const anonymous = await b.reject();
    const firstConsentId = b.runtime.store.record!.consentId;
    await c.waitFor([anonymous]);
    b.stop();
    b = await boot(c.url, { refusalTrail: true });
    const trailed = await b.reject();
    const st = await c.waitFor([anonymous, trailed]);
    expectExactlyOnce(st, [anonymous, trailed]);
    const byId = new Map(st.events.map((e) => [e.id, e as ConsentEvent]));
    const a = byId.get(anonymous)!;
    expect(a.type).to.equal('consent.refused');
    expect('subject' in a).to.equal(false);
    expect(JSON.stringify(a)).not.to.contain(firstConsentId);
    expect(a.data.purposes!.every((p) => p.state === 'denied')).to.equal(true);
    const t = byId.get(trailed)!;
    expect(t.type).to.equal('consent.refused');
    expect(t.subject).to.equal(b.runtime.store.state.consentId);
  });

  it('leaves the notice out of decisions made without one (API, GPC) and records the GPC signal', async () => {
    const c = await Collector.create();
    b = await boot(c.url);
    await b.runtime.store.decide({ analytics: true }, 'api');
    const viaApi = b.lastId();
    const st = await c.waitFor([viaApi]);
    expectExactlyOnce(st, [viaApi]);
    const e = st.events[0] as ConsentEvent;
    expect('notice' in e.data).to.equal(false);
    expect(e.data.collection).to.deep.equal({ method: 'api', library_version: VERSION, gpc: false });

    const { config } = resolveConfig({ endpoint: c.url });
    const decision: Decision = {
      eventId: crypto.randomUUID(), eventType: 'consent.given', previousEventId: null, method: 'gpc_signal', at: Date.now(),
      consentId: crypto.randomUUID(), policyVersion: '1', purposes: [{ id: 'analytics', state: 'granted', validUntil: Date.now() + 1e9 }],
      notice: null, gpc: true,
    };
    const ev = await decisionEvent(decision, config, location.origin);
    expect(ev.data.collection).to.deep.equal({ method: 'gpc_signal', library_version: VERSION, gpc: true });
    expect('notice' in ev.data).to.equal(false);
  });

  it('never puts an IP address, e-mail address, user agent, query string, cookie or page URL in the payload', async () => {
    document.cookie = 'ce_probe=secret-cookie-value; path=/';
    try {
      const c = await Collector.create();
      b = await boot(c.url, { privacyUrl: '/privacy?visitor=someone@example.org' });
      const ids = [await b.accept()];
      await b.runtime.store.decide({ analytics: false, marketing: true }, 'preferences_save', NOTICE);
      ids.push(b.lastId());
      ids.push(await b.reject());
      const st = await c.waitFor(ids);
      expectExactlyOnce(st, ids);
      expect(location.search, 'the test page has a query string to leak').to.contain('wtr-session-id');
      for (const { body } of st.requests) {
        expect(body).not.to.match(/\b\d{1,3}(\.\d{1,3}){3}\b/, 'IPv4-like');
        expect(body).not.to.match(/(?:[0-9a-f]{1,4}:){3,}[0-9a-f]{0,4}|::/i, 'IPv6-like');
        expect(body).not.to.match(/[^\s"@/]+@[^\s"@/]+\.[a-z]{2,}/i, 'e-mail-like');
        expect(body).not.to.contain(navigator.userAgent);
        expect(body).not.to.match(/Mozilla\/|HeadlessChrome|Firefox\/|Gecko\//);
        expect(body).not.to.contain('?');
        expect(body).not.to.contain(location.search.slice(1));
        expect(body).not.to.contain(location.pathname === '/' ? location.href : location.pathname);
        expect(body).not.to.contain('secret-cookie-value');
      }
    } finally {
      document.cookie = 'ce_probe=; path=/; max-age=0';
    }
  });

  it('hashes the exact notice text with SHA-256, with or without crypto.subtle', async () => {
    const texts = ['', 'a', 'We gebruiken cookies — één keer per bezoek ✓', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'long '.repeat(5000)];
    for (const t of texts) {
      const expected = await subtleHex(t);
      expect(await sha256Hex(t)).to.equal(expected);
      expect(sha256Js(new TextEncoder().encode(t))).to.equal(expected);
    }
    expect(await sha256Hex('Accept all')).not.to.equal(await sha256Hex('Accept all '));
  });

  it('loads the plain-JavaScript SHA-256 only where crypto.subtle is missing (plain-http pages)', async () => {
    const expected = await subtleHex(NOTICE.text);
    Object.defineProperty(crypto, 'subtle', { configurable: true, value: undefined });
    try {
      expect(crypto.subtle).to.equal(undefined);
      expect(await sha256Hex(NOTICE.text)).to.equal(expected);
    } finally {
      delete (crypto as unknown as Record<string, unknown>).subtle;
    }
    expect(crypto.subtle).not.to.equal(undefined);
  });
});

describe('the collector check', () => {
  it('catches events that do not match the schema (so a clean run means something)', async () => {
    const c = await Collector.create();
    const good = await decisionEvent({
      eventId: crypto.randomUUID(), eventType: 'consent.given', previousEventId: null, method: 'accept_all', at: Date.now(),
      consentId: crypto.randomUUID(), policyVersion: '1', purposes: [{ id: 'analytics', state: 'granted', validUntil: Date.now() + 1e9 }],
      notice: NOTICE, gpc: false,
    }, resolveConfig({}).config, location.origin);
    const bad = [
      { ...good, id: crypto.randomUUID(), data: { ...good.data, ip: '192.0.2.1' } },
      { ...good, id: crypto.randomUUID(), subject: undefined },
      { ...good, id: crypto.randomUUID(), type: 'consent.updated', data: { ...good.data, previous_event_id: 'nope' } },
      { ...good, id: crypto.randomUUID(), data: { ...good.data, notice: { ...good.data.notice, sha256: 'abc' } } },
    ];
    const res = await fetch(c.url, { method: 'POST', headers: { 'content-type': 'application/cloudevents-batch+json' }, body: JSON.stringify([good, ...bad]) });
    expect(res.status).to.equal(400);
    const st = await c.state();
    expect(st.invalid.map((x) => x.id)).to.deep.equal(bad.map((x) => x.id));
    expect(st.ids).to.deep.equal([]);
  });

  it('accepts the other event types of the schema through the same outbox (newsletter, erasure)', async () => {
    const c = await Collector.create();
    const handle = createSink(resolveConfig({ endpoint: c.url }).config, c.url, document, { dbName: uniqueDb(), ...FAST });
    const base = { specversion: '1.0', source: location.origin, time: new Date().toISOString(), datacontenttype: 'application/json' } as const;
    const subject = crypto.randomUUID();
    const events: CloudEvent[] = [
      { ...base, id: crypto.randomUUID(), type: 'newsletter.subscribe_requested', subject, data: {
        schema_version: '1.0.0', collection: { method: 'form_checkbox', library_version: VERSION, gpc: false },
        purposes: [{ id: 'newsletter', state: 'pending' }],
        newsletter: { list_id: 'huurdersnieuws', subscriber_ref: 'sr_1', email: 'tenant@example.org' } } },
      { ...base, id: crypto.randomUUID(), type: 'consent.erasure_requested', subject, data: {
        schema_version: '1.0.0', collection: { method: 'erase_on_device', library_version: VERSION, gpc: false } } },
    ];
    try {
      for (const e of events) await handle.enqueue!(e);
      const ids = events.map((e) => e.id);
      expectExactlyOnce(await c.waitFor(ids), ids);
    } finally {
      handle.stop();
    }
  });
});
