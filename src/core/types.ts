/**
 * Public types of consent-elements. This module has no runtime code.
 * @module
 */

/** Text in one language, or per language tag (`{ nl: '…', en: '…' }`). */
export type LocalizedText = string | Readonly<Record<string, string>>;

/**
 * A cookie (or similar storage) set by a purpose's vendors. `name` may end in `*` (`_ga_*`).
 *
 * The cookies of the vendor presets (`ga4`, `matomo`; {@link VendorPreset}) carry only `name` (and
 * GA4's a `recipient`): their `purpose` and `lifetime`, in Dutch and English, are built-in texts of the
 * preferences (keys `cookiePurpose <name>` and `cookieLifetime <name>`, e.g. `"cookieLifetime _ga"`,
 * which `texts` can override per language), loaded only when the preferences open. A cookie the site
 * lists itself (in a purpose, or as a vendor's `cookies`, which replace a preset's) shows exactly the
 * texts it gives, and none for a text it leaves out, whatever its name; a preset's own cookie object
 * passed in from JavaScript stays a preset's cookie.
 */
export interface CookieInfo {
  /** Exact name, or a prefix pattern ending in `*`. */
  name: string;
  /**
   * What the cookie is for, in plain words. In a {@link ResolvedPurpose}, `''` when the site gave none,
   * and `undefined` only for a preset's cookie (the preferences show its built-in text).
   */
  purpose?: LocalizedText;
  /** How long it lives, as shown to the visitor (`"2 years"`). Resolved as `purpose` is. */
  lifetime?: LocalizedText;
  /** Who receives the data (`"Google Ireland Ltd."`). */
  recipient?: string;
}

/** A third party (or self-hosted tool) that processes data for a purpose. */
export interface VendorInfo {
  /** Stable id, e.g. `google-analytics`. Sent in consent records. */
  id: string;
  /** Display name. */
  name: string;
  /** Who receives the data, when it differs from `name`. */
  recipient?: string;
  /**
   * Whether the vendor only keeps a masked IP address (last IPv4 octet zeroed).
   * Defaults to `true` for analytics vendors; the first layer says so.
   */
  ipMasking?: boolean;
  cookies?: CookieInfo[];
}

/** A purpose the visitor can grant or refuse. `necessary` is always granted and never switchable. */
export interface PurposeConfig {
  /** `necessary`, `analytics`, `marketing`, `functional`, or a site-defined lowercase id. */
  id: string;
  label?: LocalizedText;
  description?: LocalizedText;
  /** Vendors behind the purpose. A string names a preset: `ga4` or `matomo`. */
  vendors?: Array<VendorInfo | VendorPreset | (Partial<VendorInfo> & { preset: VendorPreset })>;
  /** Cookies set for the purpose that no vendor entry lists. */
  cookies?: CookieInfo[];
}

export type VendorPreset = 'ga4' | 'matomo';

/** Configuration as a site writes it: attributes, a JSON `<script>` child, or a JS property. */
export interface ConsentConfig {
  /** Where consent events are sent (https, or http on localhost/127.0.0.1). */
  endpoint?: string;
  /** The version of the privacy/cookie policy. A change asks every visitor again. */
  policyVersion?: string;
  /** Link to the privacy statement (http or https only). */
  privacyUrl?: string;
  /** The organisation that asks for consent, shown in the text. */
  controller?: string;
  /** Language tag (`nl`, `en`). Default: `<html lang>`, then the browser. */
  lang?: string;
  /** Purposes besides `necessary`. Default: `[{ id: 'analytics' }]`. */
  purposes?: PurposeConfig[];
  /** Months a decision that grants something is valid. Default 12, at most 13. */
  validityMonths?: number;
  /** Months a refusal (nothing granted) is remembered. Default 6, at most 13. */
  refusalMonths?: number;
  /** Per-language string overrides: `{ nl: { acceptAll: '…' } }`. */
  texts?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Hide the floating settings button (the site offers its own `data-consent-open` link). */
  noSettingsButton?: boolean;
  /** Google Consent Mode v2 and dataLayer integration. */
  consentMode?: boolean;
  /** Name of the tag-manager data layer (default `dataLayer`). */
  dataLayerName?: string;
  /** GA4 preset: load gtag.js for this measurement id only after analytics consent (implies `consentMode`). */
  ga4MeasurementId?: string;
  /** Purposes refused by default when `navigator.globalPrivacyControl` is true. Default `['marketing']`. */
  gpcRefuses?: string[];
  /** Send refusals with the pseudonymous consent id (default false: refusals are counted anonymously). */
  refusalTrail?: boolean;
  /** ISO 3166-1 alpha-2 country whose law applies (default `NL`). */
  jurisdiction?: string;
}

/** A purpose after validation, with defaults filled in. */
export interface ResolvedPurpose {
  id: string;
  label?: LocalizedText;
  description?: LocalizedText;
  vendors: VendorInfo[];
  /** Every cookie of the purpose, its vendors' included (the purpose's own first). See {@link CookieInfo} for their texts. */
  cookies: CookieInfo[];
  /** Whether the visitor is told that the IP address is masked. */
  ipMasking: boolean;
  /** `necessary` only. */
  required: boolean;
}

/**
 * The part of the configuration the always-loaded core needs: enough to read the stored decision,
 * gate scripts and record decisions. The rest ({@link ResolvedConfig}) is resolved on demand.
 */
export interface CoreConfig {
  endpoint: string | null;
  policyVersion: string;
  lang: string | null;
  /** The switchable purposes (all but `necessary`), in order. */
  purposeIds: string[];
  validityMonths: number;
  refusalMonths: number;
  texts: Readonly<Record<string, Readonly<Record<string, string>>>>;
  noSettingsButton: boolean;
  consentMode: boolean;
  dataLayerName: string;
  ga4MeasurementId: string | null;
  gpcRefuses: string[];
  refusalTrail: boolean;
  /**
   * Per purpose: a key of its vendors and their recipients (not of their texts), undefined when it has
   * none. A stored decision made under another key for any purpose is no longer current.
   */
  vendorKeys: Readonly<Record<string, string | undefined>>;
}

/** The whole configuration after validation, with defaults filled in. */
export interface ResolvedConfig extends CoreConfig {
  privacyUrl: string | null;
  controller: string;
  /** `necessary` first, then the site's purposes in order (the same ids as `purposeIds`). */
  purposes: ResolvedPurpose[];
  jurisdiction: string;
}

/** How a decision was made. Recorded in every consent event. */
export type DecisionMethod =
  | 'accept_all'
  | 'reject_all'
  | 'preferences_save'
  | 'withdraw_control'
  | 'api'
  | 'gpc_signal';

/** The record kept on the visitor's device (IndexedDB key `decision`). */
export interface StoredDecision {
  v: 1;
  /** Pseudonymous random UUIDv4, created at the first decision. */
  consentId: string;
  /** One entry per switchable purpose; `necessary` is not stored. */
  purposes: Record<string, boolean>;
  policyVersion: string;
  /** Epoch milliseconds. */
  decidedAt: number;
  /** Epoch milliseconds; after this the visitor is asked again. */
  expiresAt: number;
  /** The id of the last consent event, chained as `previous_event_id`. */
  lastEventId?: string;
  /** Whether the Global Privacy Control signal was on when the decision was made. */
  gpc?: boolean;
  /**
   * The vendor keys ({@link CoreConfig.vendorKeys}) of the purposes decided on, present when any of
   * them has vendors. A record without it (or with anything but an object here) counts as made
   * without vendors: it stays current only for purposes that still have none.
   */
  vendors?: Record<string, string | undefined>;
}

export type ConsentStatus = 'loading' | 'undecided' | 'decided';

/** What the page may rely on. `purposes.necessary` is always true. */
export interface ConsentState {
  status: ConsentStatus;
  consentId: string | null;
  purposes: Readonly<Record<string, boolean>>;
  policyVersion: string;
  decidedAt: number | null;
  expiresAt: number | null;
  /** Where the decision is kept: `indexeddb`, or `memory` when storage is unavailable (this visit only). */
  storage: 'indexeddb' | 'memory';
}

/** Per-purpose state in a consent record. */
export type PurposeState = 'granted' | 'denied' | 'withdrawn';

export type ConsentEventType =
  | 'consent.given'
  | 'consent.updated'
  | 'consent.withdrawn'
  | 'consent.refused'
  | 'consent.erasure_requested'
  | 'newsletter.subscribe_requested'
  | 'newsletter.subscribed'
  | 'newsletter.unsubscribed';

/** What the visitor was shown when deciding; hashed into the consent record. */
export interface NoticeShown {
  /** The exact visible text, whitespace-collapsed. */
  text: string;
  language: string;
  layer: 1 | 2;
}

/** One decision, as handed to a {@link DecisionSink} (the outbox) before the UI confirms it. */
export interface Decision {
  eventId: string;
  eventType: ConsentEventType;
  previousEventId: string | null;
  method: DecisionMethod;
  /** Epoch milliseconds. */
  at: number;
  consentId: string;
  policyVersion: string;
  purposes: Array<{ id: string; state: PurposeState; validUntil: number }>;
  notice: NoticeShown | null;
  gpc: boolean;
}

/** Receives every decision and must make it durable before resolving. */
export interface DecisionSink {
  write(decision: Decision): Promise<void>;
}

/** A minimal async key-value store (IndexedDB through idb-keyval, or memory). */
export interface KeyValueStore {
  readonly kind: 'indexeddb' | 'memory';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

/** Detail of the `consent-change` event and the store's `change` event. */
export interface ConsentChangeDetail {
  state: ConsentState;
  previous: ConsentState;
  /** `null` when the change came from another tab, expiry or a reset. */
  method: DecisionMethod | null;
  /** Where the change came from. */
  source: 'this-tab' | 'other-tab' | 'reset';
  /** Purposes granted now that were not before. */
  granted: string[];
  /** Purposes that were granted before and are not now: the page may reload to stop vendors held in memory. */
  revoked: string[];
}
