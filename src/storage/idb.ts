import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { KeyValueStore } from '../core/types.js';

/** How long an IndexedDB request may hang before it counts as failed (some private modes never answer). */
const TIMEOUT_MS = 3000;

/**
 * A key-value store in IndexedDB (database `consent-elements`), through idb-keyval.
 * The database is opened on first use, never at import time.
 */
export class IdbStore implements KeyValueStore {
  readonly kind = 'indexeddb' as const;
  #store: UseStore | null = null;
  constructor(readonly dbName = 'consent-elements', readonly storeName = 'kv') {}

  #use(): UseStore {
    if (typeof indexedDB === 'undefined') throw new Error('this browser has no IndexedDB');
    return (this.#store ??= createStore(this.dbName, this.storeName));
  }

  #timed<T>(op: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`IndexedDB did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      op().then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
    });
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.#timed(() => get<T>(key, this.#use()));
  }
  set(key: string, value: unknown): Promise<void> {
    return this.#timed(() => set(key, value, this.#use()));
  }
  del(key: string): Promise<void> {
    return this.#timed(() => del(key, this.#use()));
  }
}
