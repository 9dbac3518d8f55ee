import { expect } from '@open-wc/testing';
import { log, logged } from '../../src/core/log.js';

/** Every console.warn/error call, as [level, ...args], until restored. */
function record() {
  const calls: unknown[][] = [];
  const orig = { warn: console.warn, error: console.error };
  console.warn = (...a: unknown[]) => { calls.push(['warn', ...a]); };
  console.error = (...a: unknown[]) => { calls.push(['error', ...a]); };
  return { calls, restore: () => Object.assign(console, orig) };
}

describe('log', () => {
  it('prints each message by its code, in the order logged, with the prefix and its values', async () => {
    const rec = record();
    try {
      log.error('json-config', 'is not an object');
      log.warn('stored-unusable', 'version');
      log.error('config', 'config lang: must be a string, not 3; ignored');
      expect(rec.calls).to.deep.equal([]); // the sentences load first
      await logged();
    } finally {
      rec.restore();
    }
    expect(rec.calls).to.deep.equal([
      ['error', '[consent-elements] the JSON config in <consent-banner> is not an object; defaults used'],
      ['warn', '[consent-elements] the stored consent decision is unusable (bad version); nothing is granted and the visitor is asked again'],
      ['error', '[consent-elements] config lang: must be a string, not 3; ignored'],
    ]);
  });

  it('hands the console what a message adds after its sentence (an element, to inspect)', async () => {
    const el = document.createElement('script');
    el.dataset.consent = 'stats';
    const rec = record();
    try {
      log.error('gate-unknown', 'stats', el);
      await logged();
    } finally {
      rec.restore();
    }
    expect(rec.calls).to.have.length(1);
    expect(rec.calls[0]!.slice(0, 2)).to.deep.equal(['error', '[consent-elements] unknown purpose "stats": <script data-consent="stats"></script> never runs']);
    expect(rec.calls[0]![2]).to.equal(el);
  });

  it('goes on after a console that throws', async () => {
    const seen: unknown[] = [];
    const orig = console.warn;
    let first = true;
    console.warn = (...a: unknown[]) => {
      if (first) { first = false; throw new Error('console wrapper broke'); }
      seen.push(a[0]);
    };
    try {
      log.warn('defined-twice', 'x-a');
      log.warn('defined-twice', 'x-b');
      await logged();
    } finally {
      console.warn = orig;
    }
    expect(seen).to.deep.equal(['[consent-elements] <x-b> is already defined on this page (is it loaded twice?)']);
  });
});
