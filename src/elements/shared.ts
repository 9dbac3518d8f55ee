import { html, nothing, render, type TemplateResult } from 'lit/html.js';
import type { ConsentHost } from '../core/host.js';
import { whenHost } from '../core/host.js';
import { log } from '../core/log.js';
import type { ConsentStore } from '../core/store.js';
import type { NoticeShown, ResolvedConfig } from '../core/types.js';
import { loadPrefsTexts, loadTexts, translator, type Strings, type Translate } from '../i18n/strings.js';
import { dialogStyles } from './dialog.styles.js';

/** One button of the row of choices: its part name (after `button`), its text key, its click handler. */
export type Choice = [part: string, key: string, click: (e: Event) => unknown];

/**
 * What the banner and the preferences share: the connection to the running library and the
 * texts of its language, the dialog frame (close button, heading, body, equal buttons), opening
 * the modal with focus on it, Tab and Shift+Tab wrapping within the open modal, and recording a
 * choice together with the text that was on screen. Where focus goes on close is the subclass's
 * part: the preferences return it to their invoker; the banner leaves it to the browser, which puts
 * it back where it was before the modal opened (on a fresh page, the start).
 *
 * An element renders nothing until the library runs and the texts of its language are loaded.
 *
 * Rendering is Lit's (`lit-html` templates, from the `lit` package); the element base is this small
 * class rather than `LitElement`, which would add about 2.7 kB gzip to the UI chunk for reactive
 * properties these elements do not need. Like a Lit element it batches renders in a microtask
 * (`requestUpdate()`), and `updateComplete` resolves once the pending render is on screen.
 *
 * Not registered as an element itself.
 * @ignore
 */
export abstract class ConsentDialog extends HTMLElement {
  /** @internal The running library, once it and the texts of its language are loaded. */
  declare protected h: ConsentHost | undefined;
  /** @internal Looks up a UI text in the host's language, with the site's overrides. */
  declare protected t: Translate;
  /** The whole configuration, once loaded. */
  declare protected resolved: ResolvedConfig;
  #root = Object.assign(this.attachShadow({ mode: 'open' }), { adoptedStyleSheets: [dialogStyles] });
  #update: Promise<void> | undefined;
  #busy = false;

  /** Renders in a microtask; several requests before then make one render. */
  requestUpdate(): void {
    this.#update ??= Promise.resolve().then(() => {
      this.#update = undefined;
      render(this.render(), this.#root, { host: this });
      this.updated();
    });
  }

  /** Resolves once the pending render (if any) is done. */
  get updateComplete(): Promise<void> {
    return this.#update ?? Promise.resolve();
  }

  /** The shadow DOM content, rendered with lit-html; event listeners are called with the element as `this`. */
  protected abstract render(): unknown;

  /** After each render. */
  protected updated(): void {}

  connectedCallback(): void {
    // The element itself listens (`handleEvent`): the store dedupes it when the element is connected again.
    void this.load().then(({ store }) => {
      if (!this.isConnected) return;
      store.addEventListener('change', this);
      void store.ready.then(() => this.isConnected && this.handleEvent());
    });
  }

  disconnectedCallback(): void {
    this.h?.store.removeEventListener('change', this);
  }

  /** Which layer of the notice this is: 1 the banner, 2 the preferences (recorded with each choice; the second also loads the preferences' texts). */
  protected get layer(): 1 | 2 {
    return 1;
  }

  /** Waits for the running library and the texts of its language; resolves with the host. */
  protected async load(): Promise<ConsentHost> {
    const h = await whenHost();
    const [config, texts, prefs] = await Promise.all([h.fullConfig(), loadTexts(h.lang), this.layer > 1 && loadPrefsTexts(h.lang)]);
    this.resolved = config;
    this.t = translator(config.texts, h.lang, { ...texts, ...prefs } as Strings);
    return (this.h = h);
  }

  /** @internal On every store change, and once the stored decision is read. */
  handleEvent(): void {
    this.requestUpdate();
  }

  /** The `<dialog>`, when one is rendered. */
  protected get dialog(): HTMLDialogElement | null {
    return this.#root.querySelector('dialog');
  }

  /** Opens the rendered dialog as a modal (the page behind becomes inert) and focuses the dialog itself. */
  protected open(): void {
    const d = this.dialog;
    if (d && !d.open) {
      d.showModal();
      d.focus();
    }
  }

  /** Closes the modal without deciding (the same as Escape or the close button). */
  close(): void {
    this.dialog?.close();
  }

  /** The dialog on screen closed (Escape, the close button, a decision). */
  protected abstract closed(): void;

  /**
   * `close` arrives a task after the dialog closed. A dialog that has left the DOM meanwhile (the
   * banner hidden, then shown anew as a new `<dialog>`) is not the one on screen: ignore it.
   */
  #onClose(e: Event): void {
    if (e.target === this.dialog) this.closed();
  }

  /**
   * Tab on the last control goes to the first, Shift+Tab on the first (or on the dialog itself, focused
   * on opening) to the last. A native modal only makes the page inert: Tab past its last control
   * still leaves for the browser's own UI. The controls are looked up on each key, so a control
   * rendered since, disabled (the "necessary" switch), or hidden by the site (`::part(close)`) counts
   * as it is now. The row of choices is always there, so the list is never empty.
   */
  #onKey(e: KeyboardEvent): void {
    // Only Tab looks the controls up: the visibility check costs a style pass, and Space or Enter on a switch need none.
    if (e.key != 'Tab') return;
    const c = [...this.#root.querySelectorAll<HTMLElement>('button:enabled,[href],summary')].filter((c) => c.checkVisibility?.() !== false);
    const s = e.shiftKey, t = e.target;
    if (s ? t == c[0] || t == this.dialog : t == c.at(-1)) {
      e.preventDefault();
      c.at(s ? -1 : 0)!.focus();
    }
  }

  /**
   * The frame: a modal `<dialog>` with a close button whose name is the text `closeKey`, or, without
   * `closeKey`, a `<section>` in the page. Both are named by their heading.
   */
  protected frame(titleKey: string, closeKey: string | null, body: unknown, choices: Choice[]): TemplateResult {
    const { t } = this;
    const inner = html`${closeKey ? html`<button class="x" part="close" aria-label=${t(closeKey)} @click=${this.close}></button>` : nothing}
<h2 id="title" part="title">${t(titleKey)}</h2>
<div part="body">${body}</div>
<div class="buttons" part="buttons">${choices.map(([part, key, click]) => html`<button class="btn" part="button ${part}" @click=${click}>${t(key)}</button>`)}</div>`;
    return closeKey
      ? html`<dialog class="base" part="base" lang=${this.h!.lang} tabindex="-1" aria-labelledby="title" @close=${this.#onClose} @keydown=${this.#onKey}>${inner}</dialog>`
      : html`<section class="base" part="base" lang=${this.h!.lang} aria-labelledby="title">${inner}</section>`;
  }

  /**
   * Records a choice with `run`, passing what the visitor was shown: the rendered text of the
   * frame with whitespace collapsed. It is read from the DOM (not rebuilt from the strings) so
   * that the hash in the consent record matches exactly what was on screen, overrides and hidden
   * parts included or left out as displayed. Resolves with whether the choice was recorded; one
   * choice at a time.
   */
  protected async act(run: (store: ConsentStore, notice: NoticeShown) => Promise<unknown>): Promise<boolean> {
    // Only called from the buttons of a rendered frame, so the host and the frame exist.
    const h = this.h!;
    if (this.#busy) return false;
    this.#busy = true;
    try {
      const text = this.#root.querySelector<HTMLElement>('.base')!.innerText.replace(/\s+/g, ' ').trim();
      await run(h.store, { text, language: h.lang, layer: this.layer });
      return true;
    } catch (e) {
      log.error('not-recorded', e);
      return false;
    } finally {
      this.#busy = false;
    }
  }
}
