import type { MESSAGES } from './messages.js';

/**
 * Console output with one recognisable prefix. The code says which message; its sentence, which names
 * the problem and what the library did instead, is in `messages.ts`, a chunk fetched only when there
 * is something to say (so the prose never weighs on a visit where all is well). Messages keep their
 * order. Should the chunk fail to load, the code and its values are printed instead.
 */
const PREFIX = '[consent-elements]';

type Messages = typeof MESSAGES;
let queue: Promise<unknown> = Promise.resolve();

const say = (level: 'warn' | 'error') => <K extends keyof Messages>(code: K, ...args: Parameters<Messages[K]>): void => {
  queue = queue.then(() => import('./messages.js'))
    .then(({ MESSAGES }) => [(MESSAGES[code] as (...a: unknown[]) => unknown)(...args)].flat())
    .catch(() => [code, ...args])
    .then(([text, ...more]) => console[level](`${PREFIX} ${text}`, ...more))
    .catch(() => {}); // a console that throws must not stop the messages after it
};

export const log = { error: say('error'), warn: say('warn') };

/** Resolves once every message logged so far is on the console (tests). */
export const logged = (): Promise<unknown> => queue;
