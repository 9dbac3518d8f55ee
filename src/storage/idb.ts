import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import type { KeyValueStore } from '../core/types.js';

/** How long an IndexedDB request may hang before it counts as failed (some private modes never answer). */
const TIMEOUT_MS = 3000;

/**
 * A key-value store in IndexedDB (database `consent-elements`), through idb-keyval's `createStore`
 * (its `get`/`set`/`del` would bring along a default database we never use; these are the same
 * one-request transactions). The database is opened on first use, never at import time.
 */
export class IdbStore implements KeyValueStore {
  readonly kind = 'indexeddb' as const;
  #store: UseStore | null = null;
  constructor(readonly dbName = 'consent-elements', readonly storeName = 'kv') {}

  /** Runs one request in a transaction of its own; fails after {@link TIMEOUT_MS}. */
  #run<T>(mode: IDBTransactionMode, request: (s: IDBObjectStore) => IDBRequest | IDBTransaction): Promise<T> {
    let timer: ReturnType<typeof setTimeout>;
    return Promise.race([
      new Promise<never>((_, reject) => (timer = setTimeout(reject, TIMEOUT_MS, new Error(`no answer in ${TIMEOUT_MS} ms`)))),
      // Without IndexedDB, createStore throws "indexedDB is not defined", which the store reports.
      (async () => (this.#store ??= createStore(this.dbName, this.storeName))(mode, (s) => promisifyRequest(request(s))))(),
    ]).finally(() => clearTimeout(timer)) as Promise<T>;
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.#run('readonly', (s) => s.get(key));
  }
  set(key: string, value: unknown): Promise<void> {
    return this.#run('readwrite', (s) => (s.put(value, key), s.transaction));
  }
  del(key: string): Promise<void> {
    return this.#run('readwrite', (s) => (s.delete(key), s.transaction));
  }
}
