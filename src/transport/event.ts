/**
 * Turns a {@link Decision} into the consent event that is stored and sent: a CloudEvents 1.0
 * envelope around the consent record (`schema/consent-event.schema.json`).
 * @module
 */
import type { Decision, ResolvedConfig } from '../core/types.js';
import { VERSION } from '../version.js';
import type { ConsentEvent, ConsentRecord } from './types.js';

/** Media type of a request body: a JSON array of CloudEvents (CloudEvents JSON batch format). */
export const BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';

/** The version of the consent record (`data.schema_version`). */
export const SCHEMA_VERSION = '1.0.0';

/**
 * Builds the consent event for a decision.
 *
 * Privacy rules this function keeps: the consent id is the only identifier, and it is left out of
 * refusals unless `config.refusalTrail` is on; the source is the origin only; the privacy URL loses
 * its query and fragment. No IP address, user agent, page URL or cookie is ever read here.
 *
 * @param origin the site's origin (`location.origin`), used as the CloudEvents `source`
 */
export async function decisionEvent(decision: Decision, config: ResolvedConfig, origin: string): Promise<ConsentEvent> {
  const d = decision;
  const linked = d.eventType === 'consent.updated' || d.eventType === 'consent.withdrawn';
  const data: ConsentRecord = {
    schema_version: SCHEMA_VERSION,
    jurisdiction: config.jurisdiction,
    controller: {
      name: config.controller || origin,
      ...(config.privacyUrl ? { privacy_url: withoutQuery(config.privacyUrl) } : {}),
      policy_version: d.policyVersion,
    },
    ...(d.notice
      ? { notice: { sha256: await sha256Hex(d.notice.text), language: d.notice.language, layer: d.notice.layer } }
      : {}),
    collection: { method: d.method, library_version: VERSION, gpc: d.gpc },
    purposes: d.purposes.map((p) => ({
      id: p.id, state: p.state, valid_until: new Date(p.validUntil).toISOString(), vendors: [...p.vendors],
    })),
    ...(linked && d.previousEventId ? { previous_event_id: d.previousEventId } : {}),
  };
  const anonymous = d.eventType === 'consent.refused' && !config.refusalTrail;
  return {
    specversion: '1.0',
    id: d.eventId,
    source: origin,
    type: d.eventType,
    time: new Date(d.at).toISOString(),
    ...(anonymous ? {} : { subject: d.consentId }),
    datacontenttype: 'application/json',
    data,
  };
}

function withoutQuery(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.href;
}

/**
 * SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits. Uses `crypto.subtle` where it
 * exists; pages served over plain http (not a secure context) have no `crypto.subtle`, and get the
 * same result from {@link sha256Js}.
 */
export async function sha256Hex(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return sha256Js(bytes);
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

let K: number[] | null = null;
let H0: number[] = [];

/** First 32 bits of the fractional part of x. */
const frac = (x: number): number => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
const ror = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/**
 * SHA-256 (FIPS 180-4) in plain JavaScript, as 64 lowercase hex digits. The round constants are
 * computed from the primes (cube roots for K, square roots for the initial hash), which keeps the
 * code short; the tests compare it with `crypto.subtle`.
 */
export function sha256Js(data: Uint8Array): string {
  if (!K) {
    K = [];
    H0 = [];
    for (let n = 2; K.length < 64; n++) {
      let prime = true;
      for (let i = 2; i * i <= n; i++) if (n % i === 0) prime = false;
      if (!prime) continue;
      if (H0.length < 8) H0.push(frac(Math.sqrt(n)));
      K.push(frac(Math.cbrt(n)));
    }
  }
  const k = K;
  const len = data.length;
  const total = Math.ceil((len + 9) / 64) * 64;
  const m = new Uint8Array(total);
  m.set(data);
  m[len] = 0x80;
  const view = new DataView(m.buffer);
  view.setUint32(total - 8, Math.floor(len / 2 ** 29));
  view.setUint32(total - 4, (len * 8) >>> 0);
  const h = H0.slice();
  const w = new Array<number>(64);
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      w[i] = (w[i - 16]! + (ror(a, 7) ^ ror(a, 18) ^ (a >>> 3)) + w[i - 7]! + (ror(b, 17) ^ ror(b, 19) ^ (b >>> 10))) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + k[i]! + w[i]!) | 0;
      const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => { h[i] = (h[i]! + x) | 0; });
  }
  return h.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}
