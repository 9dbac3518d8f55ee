/**
 * The look for events an earlier visit left in the outbox. Part of the return-visit core, so it is
 * kept tiny and opens nothing that does not exist yet; the outbox itself lives in `db.ts`/`outbox.ts`.
 * @module
 */

/** Default name of the outbox database (apart from the decision store, so each can be cleared on its own). */
export const OUTBOX_DB = 'consent-elements-outbox';

const done = <T>(r: IDBRequest<T>): Promise<T> => new Promise((resolve, reject) => {
  r.onsuccess = () => resolve(r.result);
  r.onerror = () => reject(r.error);
});

/**
 * How many events wait in the outbox database `name`: 0 when it does not exist (it is not created).
 * Browsers without `indexedDB.databases()` cannot tell without creating it, so there the answer is
 * 1 and the outbox itself looks.
 */
export async function countPending(name: string, idb: IDBFactory): Promise<number> {
  if (!idb.databases) return 1;
  if (!(await idb.databases()).some((d) => d.name === name)) return 0;
  const db = await done(idb.open(name));
  try {
    return await done(db.transaction('outbox').objectStore('outbox').count());
  } finally {
    db.close();
  }
}
