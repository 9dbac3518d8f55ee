/**
 * Recording decisions, in a module of its own: the always-loaded core only reads them, so this is
 * fetched when the UI loads or at the first decision. {@link planDecision} is the pure logic;
 * {@link record} and {@link forget} carry out the store's writes.
 * @module
 */
import { log } from './log.js';
import { apply, DECISION_KEY, fallBack, stateOf, type Choices, type ConsentStore } from './store.js';
import type { ConsentState, CoreConfig, Decision, DecisionMethod, NoticeShown, PurposeState, StoredDecision } from './types.js';
import { uuid } from './uuid.js';

/** Adds calendar months in UTC (12 months from 31 Jan lands on 31 Jan; from 29 Feb on 1 Mar). */
export function addMonths(epochMs: number, n: number): number {
  const d = new Date(epochMs);
  const whole = Math.floor(n);
  d.setUTCMonth(d.getUTCMonth() + whole);
  return d.getTime() + Math.round((n - whole) * 30 * 24 * 3600 * 1000);
}

/** What a decision needs to know about the one before it and the moment it is made. */
export interface DecisionInput {
  config: CoreConfig;
  /** The stored record, valid or not (it carries the consent id and the event chain). */
  previous: StoredDecision | null;
  /** Whether `previous` is still in force (not expired, same policy, same purposes). */
  previousValid: boolean;
  choices: Readonly<Record<string, boolean>>;
  method: DecisionMethod;
  notice: NoticeShown | null;
  now: number;
  gpc: boolean;
}

/**
 * Turns a choice into the consent event (`decision`) and the record kept on the device. A purpose
 * left out of `choices` is refused; an unknown one is reported and ignored. The event type follows
 * from what was granted before: given, updated, withdrawn or refused.
 */
export function planDecision({ config, previous, previousValid, choices, method, notice, now, gpc }: DecisionInput): { decision: Decision; record: StoredDecision } {
  const ids = config.purposeIds;
  for (const id of Object.keys(choices)) {
    if (id !== 'necessary' && !ids.includes(id)) log.error('decide-unknown', id);
  }
  const before = previousValid && previous ? ids.filter((id) => previous.purposes[id]) : [];
  const purposes: Record<string, boolean> = {};
  for (const id of ids) purposes[id] = choices[id] === true;
  // Under which vendors the decision is made (see `stateOf`): an entry for every purpose, left out
  // when no purpose has vendors.
  const vendors = Object.fromEntries(ids.map((id) => [id, config.vendorKeys[id]]));
  const anyGranted = Object.values(purposes).some(Boolean);
  const expiresAt = addMonths(now, anyGranted ? config.validityMonths : config.refusalMonths);
  const eventType = before.length
    ? anyGranted ? 'consent.updated' : 'consent.withdrawn'
    : anyGranted ? 'consent.given' : 'consent.refused';
  const consentId = previous?.consentId ?? uuid();
  const eventId = uuid();
  return {
    decision: {
      eventId,
      eventType,
      previousEventId: before.length ? previous?.lastEventId ?? null : null,
      method,
      at: now,
      consentId,
      policyVersion: config.policyVersion,
      purposes: ids.map((id) => ({
        id,
        state: (purposes[id] ? 'granted' : before.includes(id) ? 'withdrawn' : 'denied') as PurposeState,
        validUntil: expiresAt,
      })),
      notice,
      gpc,
    },
    record: {
      v: 1, consentId, purposes, policyVersion: config.policyVersion, decidedAt: now, expiresAt,
      // A refusal without trail must not be linkable to later events.
      lastEventId: eventType === 'consent.refused' && !config.refusalTrail ? undefined : eventId,
      gpc,
      ...(Object.values(vendors).some((k) => k !== undefined) ? { vendors } : {}),
    },
  };
}

/**
 * Records a decision for `store`: the event goes to the sink (the outbox) first, then the page is
 * told (gated scripts run at once), then the device record is stored and other tabs hear of it.
 * `true` grants every purpose but those GPC refuses while the signal is on; `false` refuses all.
 */
export async function record(store: ConsentStore, choices: Choices, method: DecisionMethod, notice: NoticeShown | null): Promise<ConsentState> {
  const s = store._;
  const { config } = store;
  const gpc = s.gpc();
  if (typeof choices === 'boolean') {
    choices = Object.fromEntries(config.purposeIds.map((id) => [id, choices && !(gpc && config.gpcRefuses.includes(id))]));
  }
  const previous = s.stored;
  const { decision, record } = planDecision({
    config, previous, previousValid: stateOf(store, previous).status === 'decided',
    choices, method, notice, now: s.clock(), gpc,
  });
  try {
    await s.sink?.write(decision);
  } catch (e) {
    log.error('proof-missing', decision.eventId, e);
  }
  // The proof is in the outbox: tell the page now and let the device record's write, already handed
  // to IndexedDB, finish behind it.
  const saving = s.storage.set(DECISION_KEY, record);
  apply(store, record, method, 'this-tab');
  try {
    await saving;
  } catch (e) {
    fallBack(store, e);
    await s.storage.set(DECISION_KEY, record);
    s.state = stateOf(store, record); // now says where it is kept: memory
  }
  s.channel?.postMessage({ type: 'decision', record });
  return s.state;
}

/** Forgets the decision on this device (the outbox is not touched) and tells this tab and the others. */
export async function forget(store: ConsentStore): Promise<void> {
  const s = store._;
  try {
    await s.storage.del(DECISION_KEY);
  } catch (e) {
    fallBack(store, e);
  }
  apply(store, null, null, 'reset');
  s.channel?.postMessage({ type: 'reset' });
}
