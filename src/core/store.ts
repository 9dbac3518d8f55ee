import { log } from './log.js';
import type {
  ConsentChangeDetail, ConsentState, CoreConfig, DecisionMethod, DecisionSink, KeyValueStore, NoticeShown, StoredDecision,
} from './types.js';


/** The key of the decision record in the key-value store. */
export const DECISION_KEY = 'decision';

export interface ConsentStoreOptions {
  /** The core settings (a full `ResolvedConfig` works too). */
  config: CoreConfig;
  /** Where the decision is kept. Falls back to memory, with a warning, when it fails. */
  storage: KeyValueStore;
  /** Made durable before a decision is confirmed (the outbox). */
  sink?: DecisionSink;
  /** Current time in epoch ms; injectable for tests. */
  clock?: () => number;
  /** BroadcastChannel name for applying decisions in other tabs; `null` switches it off. */
  channel?: string | null;
  /** Reads the Global Privacy Control signal. Default: `navigator.globalPrivacyControl === true`. */
  gpc?: () => boolean;
  /** Work that must finish before `ready` resolves (integrations that must see every decision). */
  until?: Promise<unknown>;
}

/**
 * @internal The store's working state. The always-loaded core reads decisions; writing them lives in
 * the lazily loaded `decide.ts`, which works on this object through the helpers below.
 */
export interface StoreInternals {
  storage: KeyValueStore;
  readonly sink: DecisionSink | undefined;
  readonly clock: () => number;
  readonly gpc: () => boolean;
  /** The stored record, valid or not (it carries the consent id and the event chain). */
  stored: StoredDecision | null;
  state: ConsentState;
  channel: BroadcastChannel | null;
}

/** @internal The decision writer, fetched on demand (in the drop-in, with the details resolver). */
type Writer = Pick<typeof import('./logic.js'), 'record' | 'forget'>;

/** What a decision asks for: purpose ids to granted, or `true` for all (as GPC allows) and `false` for none. */
export type Choices = Readonly<Record<string, boolean>> | boolean;

export class MemoryStore implements KeyValueStore {
  readonly kind = 'memory' as const;
  #map = new Map<string, unknown>();
  async get<T>(key: string): Promise<T | undefined> {
    return structuredClone(this.#map.get(key)) as T | undefined;
  }
  async set(key: string, value: unknown): Promise<void> {
    this.#map.set(key, structuredClone(value));
  }
  async del(key: string): Promise<void> {
    this.#map.delete(key);
  }
}

/** A UUID version 4 (the consent id). In the core, apart from `uuid.ts`, which only writers load. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Why a stored value is not a decision record (the first field that is wrong), or null when it is one. */
export function invalidDecisionReason(x: unknown): string | null {
  const d = (x && typeof x === 'object' ? x : {}) as Partial<StoredDecision>;
  return d.v !== 1 ? 'version'
    : typeof d.consentId !== 'string' || !UUID_RE.test(d.consentId) ? 'consentId'
    : !d.purposes || typeof d.purposes !== 'object' || Object.values(d.purposes).some((v) => typeof v !== 'boolean') ? 'purposes'
    : typeof d.policyVersion !== 'string' ? 'policyVersion'
    : !(typeof d.decidedAt === 'number' && typeof d.expiresAt === 'number' && d.expiresAt > d.decidedAt) ? 'dates'
    : d.lastEventId !== undefined && typeof d.lastEventId !== 'string' ? 'lastEventId'
    : null;
}

/**
 * @internal The state a record gives: decided while it is current, else undecided. Current means the
 * same policy version, not expired, every purpose decided on, and for every purpose the same vendors
 * and recipients (`CoreConfig.vendorKeys`; a record without them was made without vendors). A
 * changed vendor of one purpose asks again about all of them, and grants nothing meanwhile.
 */
export function stateOf(store: ConsentStore, d: StoredDecision | null): ConsentState {
  const current = d && d.policyVersion === store.config.policyVersion && store._.clock() < d.expiresAt
    && store.switchable.every((id) => id in d.purposes && d.vendors?.[id] === store.config.vendorKeys[id]);
  if (!current) return undecided(store, 'undecided');
  const purposes: Record<string, boolean> = { necessary: true };
  for (const id of store.switchable) purposes[id] = d.purposes[id] === true;
  return {
    status: 'decided', consentId: d.consentId, purposes, policyVersion: d.policyVersion,
    decidedAt: d.decidedAt, expiresAt: d.expiresAt, storage: store._.storage.kind,
  };
}

/** @internal Nothing granted but `necessary`. */
export function undecided(store: ConsentStore, status: 'loading' | 'undecided'): ConsentState {
  const purposes: Record<string, boolean> = { necessary: true };
  for (const id of store.switchable) purposes[id] = false;
  const { stored, storage } = store._;
  return {
    status, consentId: stored?.consentId ?? null, purposes, policyVersion: store.config.policyVersion,
    decidedAt: null, expiresAt: null, storage: storage.kind,
  };
}

/** @internal Storage failed: go on in memory, with one warning (a failing memory store is a bug, so it throws). */
export function fallBack(store: ConsentStore, e: unknown): void {
  if (store._.storage.kind === 'memory') throw e;
  log.warn('storage-failed', e);
  store._.storage = new MemoryStore();
}

/** @internal Sets the record and the state it gives, and tells listeners what changed. */
export function apply(store: ConsentStore, stored: StoredDecision | null, method: DecisionMethod | null, source: ConsentChangeDetail['source']): void {
  const s = store._;
  const previous = s.state;
  s.stored = stored;
  const state = (s.state = stateOf(store, stored));
  const detail: ConsentChangeDetail = {
    state, previous, method, source,
    granted: Object.keys(state.purposes).filter((id) => state.purposes[id] && !previous.purposes[id]),
    revoked: Object.keys(previous.purposes).filter((id) => previous.purposes[id] && !state.purposes[id]),
  };
  store.dispatchEvent(new CustomEvent('change', { detail }));
}

const defaultGpc = (): boolean => typeof navigator !== 'undefined' && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true;

/**
 * The single source of truth for consent on a page. Loads the stored decision, decides what is
 * granted, records decisions (sink first, then storage) and tells listeners.
 *
 * It has no DOM rendering and no Lit: elements and integrations listen to it. Reading is all a
 * return visit needs; recording a decision is fetched on demand (`decide.ts`, see {@link prepare}).
 *
 * @fires change - {@link ConsentChangeDetail}, on every decision, in this tab or another one
 */
export class ConsentStore extends EventTarget {
  readonly config: CoreConfig;
  /** @internal */
  readonly _: StoreInternals;
  #until: Promise<unknown> | undefined;
  #channelName: string | null;
  #ready: Promise<ConsentState> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #writer: Promise<Writer> | undefined;
  #w: Writer | undefined;

  constructor(options: ConsentStoreOptions) {
    super();
    this.config = options.config;
    this._ = {
      storage: options.storage, sink: options.sink, clock: options.clock ?? Date.now, gpc: options.gpc ?? defaultGpc,
      stored: null, state: null!, channel: null,
    };
    this._.state = undecided(this, 'loading');
    this.#until = options.until;
    this.#channelName = options.channel === undefined ? 'consent-elements' : options.channel;
  }

  /** Resolves once the stored decision has been read (or found missing or unusable). Starts the read on first use. */
  get ready(): Promise<ConsentState> {
    return (this.#ready ??= this.#load());
  }

  get state(): ConsentState {
    return this._.state;
  }

  /** The stored record, including an expired or outdated one (it carries the consent id and event chain). */
  get record(): StoredDecision | null {
    return structuredClone(this._.stored);
  }

  /** Whether a purpose is granted now. `necessary` always is; an unknown purpose never is. */
  isGranted(purpose: string): boolean {
    return this._.state.purposes[purpose] === true;
  }

  /** The ids of the purposes a visitor can switch (all but `necessary`). */
  get switchable(): string[] {
    return this.config.purposeIds;
  }

  /** Whether the Global Privacy Control signal is on. */
  get gpc(): boolean {
    return this._.gpc();
  }

  /** Grants every purpose, except those GPC refuses when the signal is on. */
  acceptAll(method: DecisionMethod = 'api', notice: NoticeShown | null = null): Promise<ConsentState> {
    return this.decide(true, method, notice);
  }

  /** Refuses every purpose but `necessary`. */
  rejectAll(method: DecisionMethod = 'api', notice: NoticeShown | null = null): Promise<ConsentState> {
    return this.decide(false, method, notice);
  }

  /**
   * Records a decision. `choices` maps purpose ids to granted; a purpose left out is refused.
   * Resolves after the decision is in the sink (outbox) and in storage, and listeners have been told.
   */
  decide(choices: Choices, method: DecisionMethod, notice: NoticeShown | null = null): Promise<ConsentState> {
    return this.#serial(async (w) => (await this.ready, w.record(this, choices, method, notice)));
  }

  /** Forgets the decision on this device: the banner shows again. The outbox is not touched. */
  reset(): Promise<void> {
    return this.#serial(async (w) => (await this.ready, w.forget(this)));
  }

  /** Fetches the decision logic ahead of the first decision (the UI calls this when it loads). */
  prepare(): Promise<Writer> {
    // Kept once loaded: even a cached dynamic import() costs a turn of the event loop at the click.
    return this.#writer ??= import('./logic.js').then((m) => (this.#w = m));
  }

  /** Stops listening to other tabs. */
  close(): void {
    this._.channel?.close();
    this._.channel = null;
  }

  /** Runs writes one after another, each with the decision logic at hand. */
  #serial<T>(task: (w: Writer) => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => task(this.#w ?? await this.prepare()));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #load(): Promise<ConsentState> {
    this.#listen();
    const s = this._;
    let raw: unknown;
    const read = s.storage.get(DECISION_KEY);
    read.catch(() => {}); // a failure is handled below, once `until` is done; not an unhandled rejection meanwhile
    await this.#until;
    try {
      raw = await read;
    } catch (e) {
      fallBack(this, e);
    }
    if (raw !== undefined) {
      const reason = invalidDecisionReason(raw);
      if (reason) log.warn('stored-unusable', reason);
      else s.stored = raw as StoredDecision;
    }
    s.state = stateOf(this, s.stored);
    // GPC appearing after a grant of what it refuses counts as a withdrawal of that. It runs inside the
    // load, not queued (a queued decision waits for `ready`, this very promise), and `ready` resolves
    // only after it, so nothing GPC refuses is ever granted meanwhile.
    const { purposes } = s.state;
    if (s.state.status === 'decided' && s.gpc() && !s.stored!.gpc && this.config.gpcRefuses.some((id) => purposes[id])) {
      const choices: Record<string, boolean> = { ...purposes };
      for (const id of this.config.gpcRefuses) choices[id] = false;
      delete choices.necessary;
      return (await this.prepare()).record(this, choices, 'gpc_signal', null);
    }
    return s.state;
  }

  #listen(): void {
    if (!this.#channelName || typeof BroadcastChannel === 'undefined') return;
    (this._.channel = new BroadcastChannel(this.#channelName)).onmessage = ({ data }: MessageEvent) => {
      if (data?.type === 'reset') apply(this, null, null, 'reset');
      else if (data?.type === 'decision' && !invalidDecisionReason(data.record)) apply(this, data.record, null, 'other-tab');
    };
  }
}
