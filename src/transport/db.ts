/**
 * The outbox database: two object stores, opened on first use. Loaded with the outbox chunk;
 * the core only counts waiting events (`pending.ts`).
 * @module
 */
export { OUTBOX_DB } from './pending.js';

/** Object store of events waiting for a 2xx, keyed by event id (`pending.ts` reads it by name too). */
export const PENDING = 'outbox';
/** Object store of events the endpoint refused, keyed by event id. */
export const DEAD = 'dead';

/** Resolves with the result of an IndexedDB request. */
export function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Opens (and on first use creates) the outbox database with its two object stores. */
export function openOutboxDb(name: string, idb: IDBFactory): Promise<IDBDatabase> {
  const r = idb.open(name, 1);
  r.onupgradeneeded = () => {
    r.result.createObjectStore(PENDING);
    r.result.createObjectStore(DEAD);
  };
  return request(r).then((db) => {
    // Another tab (or a test) deleting or upgrading the database must not be blocked by us.
    db.onversionchange = () => db.close();
    return db;
  });
}
