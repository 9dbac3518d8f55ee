import { log } from './log.js';

/** Registers a custom element, warning instead of throwing when the tag is already taken (the library loaded twice). */
export function define(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing) {
    if (existing !== ctor) log.warn(`<${tag}> is already defined by another copy of the library; this copy's element is not registered`);
    return;
  }
  customElements.define(tag, ctor);
}
