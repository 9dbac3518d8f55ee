import { html, svg, type TemplateResult } from 'lit';
import type { ConsentHost } from '../core/host.js';
import { whenHost } from '../core/host.js';
import type { NoticeShown } from '../core/types.js';

/** The close (×) icon; the button around it carries the accessible name. */
export const closeIcon: TemplateResult = html`<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">${svg`<path d="M4 4l12 12M16 4L4 16" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/>`}</svg>`;

/**
 * What the visitor was shown: the rendered text of `root` with whitespace collapsed. It is read
 * from the DOM (not rebuilt from the strings) so that the hash in the consent record matches
 * exactly what was on screen, overrides and hidden parts included or left out as displayed.
 */
export function noticeOf(root: HTMLElement, language: string, layer: 1 | 2): NoticeShown {
  return { text: root.innerText.replace(/\s+/g, ' ').trim(), language, layer };
}

/**
 * Connects an element to the running library: waits for the host, calls `onChange` on every
 * store change and once the stored decision is read. Returns a function that disconnects.
 */
export function connectHost(onHost: (host: ConsentHost) => void, onChange: () => void): () => void {
  let host: ConsentHost | null = null;
  let live = true;
  void whenHost().then((h) => {
    if (!live) return;
    host = h;
    onHost(h);
    h.store.addEventListener('change', onChange);
    void h.store.ready.then(() => live && onChange());
  });
  return () => {
    live = false;
    host?.store.removeEventListener('change', onChange);
  };
}
