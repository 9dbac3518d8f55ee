/** Captures console.warn/error output for assertions, and restores the console afterwards. */
export function captureConsole() {
  const warn: string[] = [];
  const error: string[] = [];
  const orig = { warn: console.warn, error: console.error };
  console.warn = (...args: unknown[]) => { warn.push(args.map(String).join(' ')); };
  console.error = (...args: unknown[]) => { error.push(args.map(String).join(' ')); };
  return { warn, error, restore() { console.warn = orig.warn; console.error = orig.error; } };
}
