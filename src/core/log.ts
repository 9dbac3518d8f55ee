/** Console output with one recognisable prefix. Errors name the problem and what the library did instead. */
const PREFIX = '[consent-elements]';

export const log = {
  error: (message: string, ...rest: unknown[]): void => console.error(`${PREFIX} ${message}`, ...rest),
  warn: (message: string, ...rest: unknown[]): void => console.warn(`${PREFIX} ${message}`, ...rest),
};
