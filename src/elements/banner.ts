import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { define } from '../core/define.js';
import type { ConsentHost } from '../core/host.js';
import { log } from '../core/log.js';
import type { ConsentConfig } from '../core/types.js';
import { purposeDescription, purposeLabel, translator } from '../i18n/strings.js';
import { bannerStyles } from './banner.styles.js';
import { closeIcon, connectHost, noticeOf } from './shared.js';
import { sharedStyles } from './shared.styles.js';

/**
 * The first layer: a modal dialog that asks for consent when no valid decision is stored.
 *
 * The element renders from the running library (see `start()`), which reads its attributes
 * (`endpoint`, `policy-version`, `privacy-url`, `controller`, `lang`, `no-settings-button`), its
 * JSON `<script type="application/json">` child and its `config` property. The element itself has
 * no state of its own beyond "the preferences are open".
 *
 * It is a native modal `<dialog>`: the page behind is inert, so the banner can never cover a
 * focused page element (WCAG 2.4.11), and focus goes to the dialog itself, not to a choice.
 * Closing it (× or Escape) grants nothing.
 *
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
export class ConsentBanner extends LitElement {
  static override styles = [sharedStyles, bannerStyles];

  /** Configuration as an object; read by the runtime together with the attributes and the JSON child. */
  declare config: ConsentConfig | undefined;

  #host: ConsentHost | null = null;
  #disconnect: (() => void) | null = null;
  /** The visitor went to the preferences from the banner; it shows again if they close them undecided. */
  #inPreferences = false;
  #busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#disconnect = connectHost((h) => (this.#host = h), () => this.requestUpdate());
    document.addEventListener('consent-preferences-close', this.#onPreferencesClose);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#disconnect?.();
    this.#host = null;
    document.removeEventListener('consent-preferences-close', this.#onPreferencesClose);
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  #visible(): boolean {
    const h = this.#host;
    return !!h && h.store.state.status === 'undecided' && !h.dismissed && !this.#inPreferences;
  }

  protected override willUpdate(): void {
    // Close before the dialog leaves the DOM, so the page stops being inert and focus is restored.
    if (!this.#visible() && this.#dialog?.open) this.#dialog.close();
  }

  protected override render(): TemplateResult | typeof nothing {
    const h = this.#host;
    if (!h || !this.#visible()) return nothing;
    const { config } = h.store;
    const lang = h.lang;
    const t = translator(config.texts, lang);
    return html`<dialog class="base" part="base" lang=${lang} tabindex="-1" aria-labelledby="title" @close=${this.#onClose}>
      <button class="x" part="close" aria-label=${t('close')} @click=${this.#dismiss}>${closeIcon}</button>
      <h2 id="title" part="title">${t('bannerTitle')}</h2>
      <div part="body">
        <p>${t('bannerIntro', { controller: config.controller })}</p>
        <ul class="purposes">
          ${config.purposes.filter((p) => !p.required).map((p) => html`<li><strong>${purposeLabel(p, lang, t)}</strong>: ${purposeDescription(p, lang, t)}</li>`)}
        </ul>
        <p>${t(config.noSettingsButton ? 'withdrawLink' : 'withdrawButton')} ${t('closeInfo')}</p>
        ${config.privacyUrl ? html`<p><a href=${config.privacyUrl}>${t('privacyLink')}</a></p>` : nothing}
      </div>
      <div class="buttons" part="buttons">
        <button class="btn" part="button accept" @click=${() => this.#decide(true)}>${t('acceptAll')}</button>
        <button class="btn" part="button reject" @click=${() => this.#decide(false)}>${t('rejectAll')}</button>
        <button class="btn" part="button settings" @click=${this.#settings}>${t('settings')}</button>
      </div>
    </dialog>`;
  }

  protected override updated(): void {
    const d = this.#dialog;
    if (d && !d.open && this.#visible()) {
      d.showModal();
      d.focus();
    }
  }

  async #decide(accept: boolean): Promise<void> {
    const h = this.#host;
    const d = this.#dialog;
    if (!h || !d || this.#busy) return;
    this.#busy = true;
    const notice = noticeOf(d, h.lang, 1);
    try {
      await (accept ? h.store.acceptAll('accept_all', notice) : h.store.rejectAll('reject_all', notice));
    } catch (e) {
      log.error(`the choice could not be recorded (${(e as Error)?.message ?? e}); the banner stays open so the visitor can choose again`);
    } finally {
      this.#busy = false;
    }
  }

  #dismiss = (): void => {
    this.#host?.dismissBanner();
    this.requestUpdate();
  };

  /** Escape (or any close we did not ask for) counts as closing the banner: nothing is granted. */
  #onClose = (): void => {
    if (this.#visible()) this.#dismiss();
  };

  #settings = async (e: Event): Promise<void> => {
    const h = this.#host;
    if (!h) return;
    const invoker = e.currentTarget as Element;
    this.#inPreferences = true;
    this.requestUpdate();
    await this.updateComplete;
    try {
      await h.openPreferences(invoker);
    } catch (err) {
      log.error(`the preferences could not be opened (${(err as Error)?.message ?? err}); the banner is shown again`);
      this.#onPreferencesClose();
    }
  };

  #onPreferencesClose = (): void => {
    if (!this.#inPreferences) return;
    this.#inPreferences = false;
    this.requestUpdate();
  };
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
