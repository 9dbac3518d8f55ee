import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { define } from '../core/define.js';
import type { ConsentHost } from '../core/host.js';
import { whenHost } from '../core/host.js';
import { log } from '../core/log.js';
import type { ResolvedPurpose } from '../core/types.js';
import { purposeDescription, purposeLabel, text, translator, type Translate } from '../i18n/strings.js';
import { preferencesStyles } from './preferences.styles.js';
import { closeIcon, connectHost, noticeOf } from './shared.js';
import { sharedStyles } from './shared.styles.js';

/** Detail of `consent-preferences-close`. */
export interface PreferencesCloseDetail {
  /** Whether the visitor made a decision (save, accept all, reject all) before the dialog closed. */
  decided: boolean;
}

/**
 * The second layer: one switch per purpose (off unless the current decision grants it; `necessary`
 * shown on and disabled), the cookies and vendors behind each purpose, the consent id once one
 * exists, and Save / Accept all / Reject all.
 *
 * By default it is a modal dialog opened with {@link ConsentPreferences.show} (the runtime does this
 * for the settings button and `[data-consent-open]` links). With the boolean `inline` attribute it is
 * rendered in place, for a privacy page.
 *
 * "Reject all" after an earlier decision is recorded as a withdrawal (`withdraw_control`).
 *
 * @cssproperty --consent-color-accent - Button background, links, switch "on" (default #1d4ed8; dark #8ab4f8).
 * @cssproperty --consent-color-on-accent - Text on the buttons and the "on" switch knob (default #fff; dark #111).
 * @cssproperty --consent-color-bg - Background (default #fff; dark #1c1c1e).
 * @cssproperty --consent-color-text - Text (default #1f1f1f; dark #f2f2f2).
 * @cssproperty --consent-font-family - Font (default system-ui).
 * @cssproperty --consent-radius - Corner radius (default 8px).
 * @cssproperty --consent-z-index - Not used here: the modal uses the browser's top layer.
 * @csspart base - The `<dialog>`, or the `<section>` when inline.
 * @csspart title - The heading.
 * @csspart body - The purposes and the explanation.
 * @csspart switch - Each purpose switch (`role="switch"`).
 * @csspart buttons - The row of buttons.
 * @csspart button - Each of the three buttons (they share one style).
 * @csspart save - "Save choices".
 * @csspart accept - "Accept all".
 * @csspart reject - "Reject all".
 * @csspart close - The close (×) button of the modal.
 * @fires consent-preferences-close - {@link PreferencesCloseDetail}; bubbles, composed. When the modal closes.
 * @fires consent-change - On `document`, from the runtime, when the visitor decides.
 */
export class ConsentPreferences extends LitElement {
  static override styles = [sharedStyles, preferencesStyles];
  static override properties = { inline: { type: Boolean, reflect: true } };

  /** Render in place (privacy page) instead of as a modal dialog. */
  declare inline: boolean;

  #host: ConsentHost | null = null;
  #disconnect: (() => void) | null = null;
  #open = false;
  #choices: Record<string, boolean> = {};
  #invoker: Element | null = null;
  #decided = false;
  #saved = false;
  #busy = false;

  constructor() {
    super();
    this.inline = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#disconnect = connectHost(
      (h) => (this.#host = h),
      () => {
        // The inline form always shows the decision in force; the modal keeps the visitor's draft.
        if (this.inline || !this.#open) this.#sync();
        this.requestUpdate();
      },
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#disconnect?.();
    this.#host = null;
  }

  /**
   * Opens the modal (focus moves to the dialog) and resolves once it is open. On close, focus
   * returns to `invoker` when it is still on screen, otherwise to the start of the page.
   * An inline element only refreshes its switches.
   */
  async show(invoker: Element | null = null): Promise<void> {
    const h = this.#host ?? (await whenHost());
    this.#host = h;
    await h.store.ready;
    this.#sync();
    this.#saved = false;
    if (!this.inline) {
      this.#invoker = invoker;
      this.#decided = false;
      this.#open = true;
    }
    this.requestUpdate();
    await this.updateComplete;
    const d = this.#dialog;
    if (d && !d.open) {
      d.showModal();
      d.focus();
    }
  }

  /** Closes the modal without deciding. */
  close(): void {
    this.#dialog?.close();
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  #sync(): void {
    const st = this.#host?.store.state;
    if (st) this.#choices = { ...st.purposes };
  }

  protected override render(): TemplateResult | typeof nothing {
    const h = this.#host;
    if (!h || !(this.inline || this.#open)) return nothing;
    const { store } = h;
    const { config } = store;
    const lang = h.lang;
    const t = translator(config.texts, lang);
    const gpcOff = store.gpc ? config.purposes.filter((p) => config.gpcRefuses.includes(p.id)).map((p) => purposeLabel(p, lang, t)) : [];
    const id = store.state.consentId;
    const body = html`
      ${this.inline ? nothing : html`<button class="x" part="close" aria-label=${t('closePrefs')} @click=${this.close}>${closeIcon}</button>`}
      <h2 id="title" part="title">${t('prefsTitle')}</h2>
      <div part="body">
        <p>${t('prefsIntro')}</p>
        ${store.gpc ? html`<p class="note">${t('gpcNote')} ${gpcOff.length ? t('gpcOff', { purposes: gpcOff.join(', ') }) : ''}</p>` : nothing}
        <ul class="purposes">${config.purposes.map((p) => this.#purpose(p, lang, t))}</ul>
        ${id ? html`<p>${t('consentId', { id })} ${t('consentIdHelp')}</p>` : nothing}
        <p role="status">${this.#saved ? t('saved') : ''}</p>
      </div>
      <div class="buttons" part="buttons">
        <button class="btn" part="button save" @click=${() => this.#decide('save')}>${t('save')}</button>
        <button class="btn" part="button accept" @click=${() => this.#decide('accept')}>${t('acceptAll')}</button>
        <button class="btn" part="button reject" @click=${() => this.#decide('reject')}>${t('rejectAll')}</button>
      </div>`;
    return this.inline
      ? html`<section class="base" part="base" lang=${lang} aria-labelledby="title">${body}</section>`
      : html`<dialog class="base" part="base" lang=${lang} tabindex="-1" aria-labelledby="title" @close=${this.#onClose}>${body}</dialog>`;
  }

  #purpose(p: ResolvedPurpose, lang: string, t: Translate): TemplateResult {
    const on = p.required || this.#choices[p.id] === true;
    return html`<li class="purpose">
      <div class="row">
        <span id="l-${p.id}">${purposeLabel(p, lang, t)}</span>
        <span>
          ${p.required ? t('alwaysOn') : nothing}
          <button class="switch" part="switch" role="switch" aria-checked=${on ? 'true' : 'false'}
            aria-labelledby="l-${p.id}" aria-describedby="d-${p.id}" ?disabled=${p.required}
            @click=${() => this.#toggle(p.id)}></button>
        </span>
      </div>
      <p id="d-${p.id}">${purposeDescription(p, lang, t)}</p>
      ${p.cookies.length
        ? html`<details>
            <summary>${t('cookies', { count: String(p.cookies.length) })}</summary>
            <ul class="cookies">${p.cookies.map((c) => html`<li>
              <code>${c.name}</code>
              <dl>
                ${c.purpose ? html`<dt>${t('cookiePurpose')}</dt><dd>${text(c.purpose, lang)}</dd>` : nothing}
                ${c.lifetime ? html`<dt>${t('cookieLifetime')}</dt><dd>${text(c.lifetime, lang)}</dd>` : nothing}
                ${c.recipient ? html`<dt>${t('cookieRecipient')}</dt><dd>${c.recipient}</dd>` : nothing}
              </dl>
            </li>`)}</ul>
          </details>`
        : nothing}
    </li>`;
  }

  #toggle(id: string): void {
    this.#choices = { ...this.#choices, [id]: !this.#choices[id] };
    this.#saved = false;
    this.requestUpdate();
  }

  async #decide(kind: 'save' | 'accept' | 'reject'): Promise<void> {
    const h = this.#host;
    const base = this.renderRoot.querySelector<HTMLElement>('.base');
    if (!h || !base || this.#busy) return;
    this.#busy = true;
    const { store } = h;
    const notice = noticeOf(base, h.lang, 2);
    try {
      if (kind === 'save') {
        const choices = { ...this.#choices };
        delete choices.necessary;
        await store.decide(choices, 'preferences_save', notice);
      } else if (kind === 'accept') {
        await store.acceptAll('accept_all', notice);
      } else {
        await store.rejectAll(store.state.status === 'decided' ? 'withdraw_control' : 'reject_all', notice);
      }
    } catch (e) {
      log.error(`the choice could not be recorded (${(e as Error)?.message ?? e}); the preferences stay open so the visitor can try again`);
      return;
    } finally {
      this.#busy = false;
    }
    this.#sync();
    this.#decided = true;
    this.#saved = true;
    if (this.inline) this.requestUpdate();
    else this.close();
  }

  #onClose = (): void => {
    this.#open = false;
    const invoker = this.#invoker as HTMLElement | null;
    this.#invoker = null;
    if (invoker?.isConnected && invoker.checkVisibility?.() !== false) invoker.focus();
    // The invoker is gone (the banner's Settings button): focus goes back to the start of the page.
    else (document.activeElement as HTMLElement | null)?.blur();
    this.requestUpdate();
    this.dispatchEvent(new CustomEvent<PreferencesCloseDetail>('consent-preferences-close', {
      detail: { decided: this.#decided }, bubbles: true, composed: true,
    }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'consent-preferences': ConsentPreferences;
  }
  interface GlobalEventHandlersEventMap {
    'consent-preferences-close': CustomEvent<PreferencesCloseDetail>;
  }
}

/** Registers `<consent-preferences>` (warns instead of throwing when the tag is taken). */
export function definePreferences(): void {
  define('consent-preferences', ConsentPreferences);
}
