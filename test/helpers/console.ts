import { logged } from '../../src/core/log.js';

/**
 * Captures console.warn/error output for assertions, and restores the console afterwards. The
 * library's messages are printed once their sentences have loaded (`src/core/log.ts`): `await
 * flush()` before looking.
 */
export function captureConsole() {
  const warn: string[] = [];
  const error: string[] = [];
  const orig = { warn: console.warn, error: console.error };
  console.warn = (...args: unknown[]) => { warn.push(args.map(String).join(' ')); };
  console.error = (...args: unknown[]) => { error.push(args.map(String).join(' ')); };
  return {
    warn, error, flush: logged,
    /** Waits for the messages still on their way (they belong to this capture), then restores the console. */
    async restore() {
      await logged();
      console.warn = orig.warn;
      console.error = orig.error;
    },
  };
}
