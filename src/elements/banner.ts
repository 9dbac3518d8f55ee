import { html, nothing, type TemplateResult } from 'lit/html.js';
import { define } from '../core/define.js';
import { log } from '../core/log.js';
import type { ConsentConfig } from '../core/types.js';
import { getHost } from '../core/host.js';
import { loadPrefsTexts, purposeDescription, purposeLabel } from '../i18n/strings.js';
import { ConsentDialog } from './shared.js';

/**
 * Loads and registers `<consent-preferences>`. In the drop-in it is a chunk of its own, fetched when the
 * visitor opens the preferences or shows the intent to (pointer over, or focus on, the banner's
 * Settings button), together with their texts in the page's language; with `define` it is already
 * registered and this costs only the texts.
 */
export const loadPreferences = (): Promise<unknown> => {
  const h = getHost();
  return Promise.all([import('./preferences.js').then((m) => m.definePreferences()), h && loadPrefsTexts(h.lang)]);
};

/**
 * The first layer: a modal dialog that asks for consent when no valid decision is stored.
 *
 * The element renders from the running library (see `start()`), which reads its attributes
 * (`endpoint`, `policy-version`, `privacy-url`, `controller`, `lang`, `no-settings-button`), its
 * JSON `<script type="application/json">` child and its `config` property. The element itself has
 * no state of its own beyond "the preferences are open".
 *
 * It is a native modal `<dialog>`: the page behind is inert, so the banner can never cover a
 * focused page element (WCAG 2.4.11), and focus goes to the dialog itself, not to a choice; Tab and
 * Shift+Tab wrap within it. Closing it (× or Escape) grants nothing. On close the browser puts focus
 * back where it was before the banner opened (on a fresh page, the start); coming back from the
 * preferences undecided, it is on Settings.
 *
 * @tagname consent-banner
 * @cssproperty --consent-color-accent - Button background, links, switch "on" (default #1d4ed8; dark #8ab4f8).
 * @cssproperty --consent-color-on-accent - Text on the buttons (default #fff; dark #111).
 * @cssproperty --consent-color-bg - Dialog background (default #fff; dark #1c1c1e).
 * @cssproperty --consent-color-text - Dialog text (default #1f1f1f; dark #f2f2f2).
 * @cssproperty --consent-font-family - Font (default system-ui).
 * @cssproperty --consent-radius - Corner radius of the dialog and buttons (default 8px).
 * @cssproperty --consent-z-index - Stacking of the floating settings button (the dialogs use the browser's top layer).
 * @csspart base - The `<dialog>`.
 * @csspart title - The heading.
 * @csspart body - The explanation.
 * @csspart buttons - The row of the three choices.
 * @csspart button - Each of the three choices (they share one style).
 * @csspart accept - "Accept all".
 * @csspart reject - "Reject all".
 * @csspart settings - "Settings".
 * @csspart close - The close (×) button.
 * @fires consent-change - On `document`, from the runtime, when the visitor decides.
 */
export class ConsentBanner extends ConsentDialog {
  /** Configuration as an object; read by the runtime together with the attributes and the JSON child. */
  declare config: ConsentConfig | undefined;

  /** The visitor went to the preferences from the banner; it shows again if they close them undecided. */
  #inPreferences = false;

  constructor() {
    super();
    // Intent to open the preferences: start fetching them, so the click does not wait for the network.
    const intent = (e: Event): void => {
      if ((e.target as Element).part?.contains('settings')) loadPreferences().catch(() => { /* the click reports it */ });
    };
    this.shadowRoot!.addEventListener('pointerover', intent);
    this.shadowRoot!.addEventListener('focusin', intent);
  }

  #visible(): boolean {
    const h = this.h;
    return !!h && h.store.state.status === 'undecided' && !h.dismissed && !this.#inPreferences;
  }

  protected render(): TemplateResult | typeof nothing {
    if (!this.#visible()) {
      // Close before the dialog leaves the DOM, so the page stops being inert and focus is restored.
      this.close();
      return nothing;
    }
    const { h, t } = this;
    const config = this.resolved;
    const lang = h!.lang;
    // Templates are kept on few lines: their text ships as written. Spaces inside a paragraph are content.
    const body = html`<p>${t('bannerIntro', { controller: config.controller })}</p>
<ul>${config.purposes.filter((p) => !p.required).map((p) => html`<li><strong>${purposeLabel(p, lang, t)}</strong>: ${purposeDescription(p, lang, t)}</li>`)}</ul>
<p>${t(config.noSettingsButton ? 'withdrawLink' : 'withdrawButton')} ${t('closeInfo')}</p>
${config.privacyUrl ? html`<p><a href=${config.privacyUrl}>${t('privacyLink')}</a></p>` : nothing}`;
    return this.frame('bannerTitle', 'close', body, [
      ['accept', 'acceptAll', () => this.#decide(true)],
      ['reject', 'rejectAll', () => this.#decide(false)],
      ['settings', 'settings', this.#settings],
    ]);
  }

  protected override updated(): void {
    if (this.#visible()) this.open();
  }

  #decide(accept: boolean): Promise<boolean> {
    return this.act((store, notice) => (accept ? store.acceptAll('accept_all', notice) : store.rejectAll('reject_all', notice)));
  }

  /** Escape or the close button (or any close we did not ask for): nothing is granted, the banner stays closed for the visit. */
  protected closed(): void {
    if (this.#visible()) {
      this.h!.dismissBanner();
      this.requestUpdate();
    }
  }

  /**
   * Hands over to the preferences; the banner comes back if they close without a decision, with focus
   * on its Settings button. The banner stays on screen until the preferences are loaded, so the
   * visitor never looks at an empty page.
   */
  async #settings(e: Event): Promise<void> {
    const h = this.h!;
    const invoker = e.currentTarget as Element;
    // Back on the banner, focus returns to Settings: a new button, as the banner rendered nothing meanwhile.
    const back = (): void => {
      this.#inPreferences = false;
      this.requestUpdate();
      void this.updateComplete.then(() => this.shadowRoot!.querySelector<HTMLElement>('[part~=settings]')?.focus());
    };
    try {
      await loadPreferences();
      this.#inPreferences = true;
      this.requestUpdate();
      await this.updateComplete;
      document.addEventListener('consent-preferences-close', back, { once: true });
      await h.openPreferences(invoker);
    } catch (err) {
      log.error('prefs-open', err);
      document.removeEventListener('consent-preferences-close', back);
      back();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'consent-banner': ConsentBanner;
  }
}

/** Registers `<consent-banner>` (warns instead of throwing when the tag is taken). */
export function defineBanner(): void {
  define('consent-banner', ConsentBanner);
}
