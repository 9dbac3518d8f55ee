/**
 * The decision logic, as a pure function in a module of its own: the always-loaded core only reads
 * decisions, so this is fetched when the UI loads or at the first decision.
 * @module
 */
import { log } from './log.js';
import type { CoreConfig, Decision, DecisionMethod, NoticeShown, PurposeState, StoredDecision } from './types.js';
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
    if (id !== 'necessary' && !ids.includes(id)) log.error(`decision names unknown purpose "${id}"; it is ignored`);
  }
  const before = previousValid && previous ? ids.filter((id) => previous.purposes[id]) : [];
  const purposes: Record<string, boolean> = {};
  for (const id of ids) purposes[id] = choices[id] === true;
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
    },
  };
}
