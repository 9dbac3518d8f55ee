import type { ConsentStore } from './store.js';
import type { ResolvedConfig } from './types.js';

/**
 * What the elements need from the running library, without importing it: the store, and the
 * few page-level actions that are not the store's business (opening the preferences, remembering
 * that the banner was closed). The runtime registers itself here; elements look it up.
 */
export interface ConsentHost {
  readonly store: ConsentStore;
  /** Opens the modal `<consent-preferences>`, loading the UI if needed. Focus returns to `invoker` on close. */
  openPreferences(invoker?: Element | null): Promise<void>;
  /** The banner was closed without a choice: nothing is granted, and it stays closed for this visit. */
  dismissBanner(): void;
  /** Whether the banner was closed without a choice during this visit. */
  readonly dismissed: boolean;
  /** The language the UI speaks (`nl`, `en`, or one the site supplied texts for). */
  readonly lang: string;
  /**
   * The whole validated configuration (texts, purposes, vendors, cookies), resolved on first use:
   * the always-loaded core needs only `store.config`. Problems are logged once, when it resolves.
   */
  fullConfig(): Promise<ResolvedConfig>;
}

let active: ConsentHost | null = null;
const waiting: Array<(host: ConsentHost) => void> = [];

export const setHost = (host: ConsentHost | null): void => {
  active = host;
  if (host) waiting.splice(0).map((fn) => fn(host));
};

export const getHost = (): ConsentHost | null => active;

/** The running library, once there is one. */
export const whenHost = (): Promise<ConsentHost> => new Promise((resolve) => (active ? resolve(active) : waiting.push(resolve)));
