/**
 * Types of the consent event transport: the CloudEvents envelope, the consent record inside it and
 * the delivery events. This module has no runtime code, so the small `sink.ts` can use the types
 * without pulling the outbox into the return-visit core.
 *
 * The JSON Schema of the same shapes is `schema/consent-event.schema.json`; `docs/events.md`
 * explains it field by field.
 * @module
 */
import type { ConsentEventType, DecisionMethod, PurposeState } from '../core/types.js';

/**
 * A CloudEvents 1.0 event in JSON structured mode. The outbox stores and sends these; it does not
 * look inside `data`, so later features (newsletter, erasure requests) enqueue their own events.
 */
export interface CloudEvent<D = unknown> {
  specversion: '1.0';
  /** Random UUIDv4; the idempotency key. */
  id: string;
  /** The site's origin (`https://www.example.org`): no path, no query. */
  source: string;
  type: ConsentEventType;
  /** ISO 8601 UTC time of the decision. */
  time: string;
  /** The pseudonymous consent id. Left out of anonymous refusals. */
  subject?: string;
  datacontenttype: 'application/json';
  data: D;
}

/** How a record was collected. `method` also takes the values later features use (newsletter forms, links). */
export interface CollectionInfo {
  method: DecisionMethod | 'form_checkbox' | 'double_opt_in_link' | 'email_unsubscribe_link' | 'erase_on_device';
  library_version: string;
  /** Whether the browser sent the Global Privacy Control signal. */
  gpc: boolean;
}

/** One purpose in a consent record. */
export interface RecordPurpose {
  id: string;
  state: PurposeState | 'pending';
  /** ISO 8601: when the decision for this purpose expires and the visitor is asked again. */
  valid_until?: string;
  /** Ids of the vendors behind the purpose (`google-analytics`). */
  vendors?: string[];
}

/** The consent record: the `data` of a consent event. Field names follow `schema/consent-event.schema.json`. */
export interface ConsentRecord {
  /** `1.0.0`: the version of this record's shape. */
  schema_version: '1.0.0';
  jurisdiction?: string;
  controller?: { name: string; privacy_url?: string; policy_version: string };
  /** What the visitor was shown; absent for decisions without a notice (API calls, the GPC signal). */
  notice?: { sha256: string; language: string; layer: 1 | 2 };
  collection: CollectionInfo;
  purposes?: RecordPurpose[];
  /** The id of the event this one updates or withdraws. */
  previous_event_id?: string;
  /** Newsletter events only (a later feature). */
  newsletter?: { list_id: string; subscriber_ref: string; frequency?: string; email?: string };
}

/** A consent event as the library sends it. */
export type ConsentEvent = CloudEvent<ConsentRecord>;

/** Where the outbox keeps events: IndexedDB, or memory (this visit only) when IndexedDB fails. */
export type OutboxStorage = 'indexeddb' | 'memory';

/** What the outbox holds, for progress displays and tests. */
export interface DeliveryStatus {
  /** Events waiting to be sent (or being sent). */
  pending: number;
  /** Events the endpoint refused (a 4xx other than 408/429): kept, not retried. */
  deadLetter: number;
  storage: OutboxStorage;
  /** Epoch ms of the next attempt while the sender backs off after a failure; `null` otherwise. */
  retryAt: number | null;
}

/** An event the endpoint refused, kept in the dead-letter store. */
export interface DeadLetter {
  event: CloudEvent;
  /** The HTTP status of the refusal. */
  status: number;
  /** Epoch ms when it was moved to the dead-letter store. */
  at: number;
}

/** Detail of `consent-delivery`: events the endpoint accepted (2xx), now removed from the outbox. */
export interface DeliveryDetail {
  ids: string[];
  status: number;
}

/** Detail of `consent-delivery-failed`: events the endpoint refused, moved to the dead-letter store. */
export interface DeliveryFailedDetail {
  ids: string[];
  status: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** Consent events reached the endpoint (2xx). Fired on `document`; bubbles, composed. */
    'consent-delivery': CustomEvent<DeliveryDetail>;
    /** The endpoint refused consent events (4xx other than 408/429); they are kept in the dead-letter store. */
    'consent-delivery-failed': CustomEvent<DeliveryFailedDetail>;
  }
}
