/**
 * Turns a {@link Decision} into the consent event that is stored and sent: a CloudEvents 1.0
 * envelope around the consent record (`schema/consent-event.schema.json`).
 * @module
 */
import type { Decision, ResolvedConfig } from '../core/types.js';
import { VERSION } from '../version.js';
import type { ConsentEvent } from './types.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Builds the consent event for a decision.
 *
 * Privacy rules this function keeps: the consent id is the only identifier, and it is left out of
 * refusals unless `config.refusalTrail` is on; the source is the origin only; the privacy URL loses
 * its query and fragment. No IP address, user agent, page URL or cookie is ever read here.
 *
 * @param origin the site's origin (`location.origin`), used as the CloudEvents `source`
 */
export async function decisionEvent(d: Decision, config: ResolvedConfig, origin: string): Promise<ConsentEvent> {
  const { eventType: type, notice, privacyUrl } = { ...d, ...config };
  const url = privacyUrl && new URL(privacyUrl);
  if (url) url.search = url.hash = '';
  return {
    specversion: '1.0',
    id: d.eventId,
    source: origin,
    type,
    time: iso(d.at),
    // Refusals are counted without a trail unless the site asks for one.
    ...(type === 'consent.refused' && !config.refusalTrail ? {} : { subject: d.consentId }),
    datacontenttype: 'application/json',
    data: {
      schema_version: '1.0.0',
      jurisdiction: config.jurisdiction,
      controller: { name: config.controller || origin, ...(url ? { privacy_url: url.href } : {}), policy_version: d.policyVersion },
      // Absent for decisions without a notice (API calls, the GPC signal).
      ...(notice ? { notice: { sha256: await sha256Hex(notice.text), language: notice.language, layer: notice.layer } } : {}),
      collection: { method: d.method, library_version: VERSION, gpc: d.gpc },
      purposes: d.purposes.map((p) => ({ id: p.id, state: p.state, valid_until: iso(p.validUntil), vendors: config.purposes.find((x) => x.id === p.id)?.vendors.map((v) => v.id) ?? [] })),
      ...((type === 'consent.updated' || type === 'consent.withdrawn') && d.previousEventId ? { previous_event_id: d.previousEventId } : {}),
    },
  };
}

/**
 * SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits. Uses `crypto.subtle` where it
 * exists; pages served over plain http (not a secure context) have no `crypto.subtle`, and load the
 * same function in plain JavaScript (`sha256.ts`, a chunk of its own that https pages never fetch).
 */
export async function sha256Hex(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const subtle = crypto.subtle;
  if (!subtle) return (await import('./sha256.js')).sha256Js(bytes);
  return Array.from(new Uint8Array(await subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}
