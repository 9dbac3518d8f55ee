import { log } from './log.js';
import type {
  ConsentChangeDetail, ConsentState, CoreConfig, DecisionMethod, DecisionSink, KeyValueStore, NoticeShown, StoredDecision,
} from './types.js';
import { UUID_RE } from './uuid.js';


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

const defaultGpc = (): boolean => typeof navigator !== 'undefined' && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true;

/**
 * The single source of truth for consent on a page. Loads the stored decision, decides what is
 * granted, records decisions (sink first, then storage) and tells listeners.
 *
 * It has no DOM rendering and no Lit: elements and integrations listen to it.
 *
 * @fires change - {@link ConsentChangeDetail}, on every decision, in this tab or another one
 */
export class ConsentStore extends EventTarget {
  readonly config: CoreConfig;
  #storage: KeyValueStore;
  #sink: DecisionSink | undefined;
  #clock: () => number;
  #gpc: () => boolean;
  #until: Promise<unknown> | undefined;
  #channel: BroadcastChannel | null = null;
  #channelName: string | null;
  #stored: StoredDecision | null = null;
  #state: ConsentState;
  #ready: Promise<ConsentState> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #decider: Promise<typeof import('./decide.js')> | undefined;
  #plan: typeof import('./decide.js').planDecision | undefined;

  constructor(options: ConsentStoreOptions) {
    super();
    this.config = options.config;
    this.#storage = options.storage;
    this.#sink = options.sink;
    this.#clock = options.clock ?? Date.now;
    this.#gpc = options.gpc ?? defaultGpc;
    this.#until = options.until;
    this.#channelName = options.channel === undefined ? 'consent-elements' : options.channel;
    this.#state = this.#undecided('loading');
  }

  /** Resolves once the stored decision has been read (or found missing or unusable). Starts the read on first use. */
  get ready(): Promise<ConsentState> {
    return (this.#ready ??= this.#load());
  }

  get state(): ConsentState {
    return this.#state;
  }

  /** The stored record, including an expired or outdated one (it carries the consent id and event chain). */
  get record(): StoredDecision | null {
    return this.#stored ? structuredClone(this.#stored) : null;
  }

  /** Whether a purpose is granted now. `necessary` always is; an unknown purpose never is. */
  isGranted(purpose: string): boolean {
    return this.#state.purposes[purpose] === true;
  }

  /** The ids of the purposes a visitor can switch (all but `necessary`). */
  get switchable(): string[] {
    return this.config.purposeIds;
  }

  /** Whether the Global Privacy Control signal is on. */
  get gpc(): boolean {
    return this.#gpc();
  }

  /** Grants every purpose, except those GPC refuses when the signal is on. */
  acceptAll(method: DecisionMethod = 'api', notice: NoticeShown | null = null): Promise<ConsentState> {
    const gpc = this.#gpc();
    return this.decide(Object.fromEntries(this.switchable.map((id) => [id, !(gpc && this.config.gpcRefuses.includes(id))])), method, notice);
  }

  /** Refuses every purpose but `necessary`. */
  rejectAll(method: DecisionMethod = 'api', notice: NoticeShown | null = null): Promise<ConsentState> {
    return this.decide({}, method, notice);
  }

  /**
   * Records a decision. `choices` maps purpose ids to granted; a purpose left out is refused.
   * Resolves after the decision is in the sink (outbox) and in storage, and listeners have been told.
   */
  decide(choices: Readonly<Record<string, boolean>>, method: DecisionMethod, notice: NoticeShown | null = null): Promise<ConsentState> {
    const run = this.#queue.then(() => this.#decide(choices, method, notice, true));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Forgets the decision on this device: the banner shows again. The outbox is not touched. */
  async reset(): Promise<void> {
    await this.ready;
    const previous = this.#state;
    this.#stored = null;
    try {
      await this.#storage.del(DECISION_KEY);
    } catch (e) {
      this.#fallBack(e);
    }
    this.#state = this.#undecided('undecided');
    this.#post({ type: 'reset' });
    this.#emit(previous, null, 'reset');
  }

  /** Fetches the decision logic ahead of the first decision (the UI calls this when it loads). */
  prepare(): Promise<typeof import('./decide.js')> {
    // Kept once loaded: even a cached dynamic import() costs a turn of the event loop at the click.
    return this.#decider ??= import('./decide.js').then((m) => (this.#plan = m.planDecision, m));
  }

  /** Stops listening to other tabs. */
  close(): void {
    this.#channel?.close();
    this.#channel = null;
  }

  async #load(): Promise<ConsentState> {
    this.#listen();
    let raw: unknown;
    const read = this.#storage.get(DECISION_KEY);
    read.catch(() => {}); // a failure is handled below, once `until` is done; not an unhandled rejection meanwhile
    await this.#until;
    try {
      raw = await read;
    } catch (e) {
      this.#fallBack(e);
    }
    if (raw !== undefined) {
      const reason = invalidDecisionReason(raw);
      if (reason) log.warn(`the stored consent decision is unusable (bad ${reason}); nothing is granted and the visitor is asked again`);
      else this.#stored = raw as StoredDecision;
    }
    this.#state = this.#stateFrom(this.#stored);
    // GPC appearing after a marketing grant counts as a withdrawal of what GPC refuses.
    const gpcRevokes = this.#state.status === 'decided' && this.#gpc() && this.#stored?.gpc !== true
      && this.config.gpcRefuses.some((id) => this.#state.purposes[id]);
    if (gpcRevokes) {
      const choices = { ...this.#state.purposes };
      for (const id of this.config.gpcRefuses) choices[id] = false;
      delete choices.necessary;
      // Runs inside the load, directly rather than queued: a decision queued while loading waits for
      // `ready` (this very promise). Every other decision waits for `ready`, so nothing runs alongside.
      // `ready` resolves only after the withdrawal, so nothing GPC refuses is ever granted meanwhile.
      return this.#decide(choices, 'gpc_signal', null, false);
    }
    return this.#state;
  }

  async #decide(choices: Readonly<Record<string, boolean>>, method: DecisionMethod, notice: NoticeShown | null, waitForLoad: boolean): Promise<ConsentState> {
    if (waitForLoad) await this.ready;
    const planDecision = this.#plan ?? (await this.prepare()).planDecision;
    const previous = this.#stored;
    const { decision, record } = planDecision({
      config: this.config, previous, previousValid: !!previous && this.#stateFrom(previous).status === 'decided',
      choices, method, notice, now: this.#clock(), gpc: this.#gpc(),
    });
    if (this.#sink) {
      try {
        await this.#sink.write(decision);
      } catch (e) {
        log.error(`the consent event ${decision.eventId} could not be written to the outbox (${(e as Error)?.message ?? e}); the decision applies, but its proof may be missing`);
      }
    }
    // The proof is in the outbox: tell the page now (gated scripts run at once) and let the device
    // record's write, already handed to IndexedDB, finish behind it. Other tabs hear of it once stored.
    const saving = this.#storage.set(DECISION_KEY, record);
    const before = this.#state;
    this.#stored = record;
    this.#state = this.#stateFrom(record);
    this.#emit(before, method, 'this-tab');
    try {
      await saving;
    } catch (e) {
      this.#fallBack(e);
      await this.#storage.set(DECISION_KEY, record);
      this.#state = this.#stateFrom(record); // now says where it is kept: memory
    }
    this.#post({ type: 'decision', record });
    return this.#state;
  }

  #stateFrom(d: StoredDecision | null): ConsentState {
    if (!d) return this.#undecided('undecided');
    const now = this.#clock();
    const current = d.policyVersion === this.config.policyVersion && now < d.expiresAt
      && this.switchable.every((id) => id in d.purposes);
    if (!current) return this.#undecided('undecided');
    const purposes: Record<string, boolean> = { necessary: true };
    for (const id of this.switchable) purposes[id] = d.purposes[id] === true;
    return {
      status: 'decided', consentId: d.consentId, purposes, policyVersion: d.policyVersion,
      decidedAt: d.decidedAt, expiresAt: d.expiresAt, storage: this.#storage.kind,
    };
  }

  #undecided(status: 'loading' | 'undecided'): ConsentState {
    const purposes: Record<string, boolean> = { necessary: true };
    for (const id of this.config.purposeIds) purposes[id] = false;
    return {
      status, consentId: this.#stored?.consentId ?? null, purposes, policyVersion: this.config.policyVersion,
      decidedAt: null, expiresAt: null, storage: this.#storage?.kind ?? 'memory',
    };
  }

  #fallBack(e: unknown): void {
    if (this.#storage.kind === 'memory') throw e;
    log.warn(`IndexedDB is unavailable (${(e as Error)?.message ?? e}); the decision is kept in memory for this visit only and nothing is granted until the visitor decides`);
    this.#storage = new MemoryStore();
  }

  #emit(previous: ConsentState, method: DecisionMethod | null, source: ConsentChangeDetail['source']): void {
    const state = this.#state;
    const ids = Object.keys(state.purposes);
    const detail: ConsentChangeDetail = {
      state, previous, method, source,
      granted: ids.filter((id) => state.purposes[id] && !previous.purposes[id]),
      revoked: Object.keys(previous.purposes).filter((id) => previous.purposes[id] && !state.purposes[id]),
    };
    this.dispatchEvent(new CustomEvent('change', { detail }));
  }

  #listen(): void {
    if (!this.#channelName || typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(this.#channelName);
    this.#channel.onmessage = (e: MessageEvent) => {
      const msg = e.data as { type?: string; record?: unknown };
      const previous = this.#state;
      if (msg?.type === 'reset') {
        this.#stored = null;
        this.#state = this.#undecided('undecided');
      } else if (msg?.type === 'decision' && !invalidDecisionReason(msg.record)) {
        this.#stored = msg.record as StoredDecision;
        this.#state = this.#stateFrom(this.#stored);
      } else {
        return;
      }
      this.#emit(previous, null, msg.type === 'reset' ? 'reset' : 'other-tab');
    };
  }

  #post(msg: unknown): void {
    this.#channel?.postMessage(msg);
  }
}
