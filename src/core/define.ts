import { log } from './log.js';

/** Registers a custom element, warning instead of throwing when the tag is already taken (the library loaded twice). */
export function define(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, ctor);
  else if (existing != ctor) log.warn('defined-twice', tag);
}
