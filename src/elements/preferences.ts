import { html, nothing, type TemplateResult } from 'lit/html.js';
import { define } from '../core/define.js';
import type { CookieInfo, LocalizedText, ResolvedPurpose } from '../core/types.js';
import { purposeDescription, purposeLabel, text } from '../i18n/strings.js';
import { preferencesStyles } from './preferences.styles.js';
import { ConsentDialog } from './shared.js';

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
 * @tagname consent-preferences
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
export class ConsentPreferences extends ConsentDialog {
  static observedAttributes = ['inline'];

  constructor() {
    super();
    // The dialog base's sheet, then the rules only the preferences use (they travel in this chunk).
    const root = this.shadowRoot!;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, preferencesStyles];
  }

  protected override get layer(): 2 {
    return 2;
  }

  /** Render in place (privacy page) instead of as a modal dialog. Reflects the boolean `inline` attribute. */
  get inline(): boolean {
    return this.hasAttribute('inline');
  }

  set inline(value: boolean) {
    this.toggleAttribute('inline', value);
  }

  /** @internal */
  attributeChangedCallback(): void {
    this.requestUpdate();
  }

  #open = false;
  #choices: Record<string, boolean> = {};
  #invoker: Element | null = null;
  #decided = false;
  #saved = false;

  /** The inline form always shows the decision in force; the modal keeps the visitor's draft. */
  override handleEvent(): void {
    if (this.inline || !this.#open) this.#sync();
    super.handleEvent();
  }

  /**
   * Opens the modal (focus moves to the dialog) and resolves once it is open. On close, focus
   * returns to `invoker` when it is still on screen, otherwise to the start of the page.
   * An inline element only refreshes its switches.
   */
  async show(invoker: Element | null = null): Promise<void> {
    await (await this.load()).store.ready;
    this.#sync();
    this.#saved = false;
    if (!this.inline) {
      this.#invoker = invoker;
      this.#decided = false;
      this.#open = true;
    }
    this.requestUpdate();
    await this.updateComplete;
    this.open();
  }

  #sync(): void {
    const st = this.h?.store.state;
    if (st) this.#choices = { ...st.purposes };
  }

  protected render(): TemplateResult | typeof nothing {
    const { h, t } = this;
    if (!h || !(this.inline || this.#open)) return nothing;
    const { store } = h;
    const config = this.resolved;
    const lang = h.lang;
    const off = config.purposes.filter((p) => config.gpcRefuses.includes(p.id)).map((p) => purposeLabel(p, lang, t));
    const id = store.state.consentId;
    // Templates are kept on few lines: their text ships as written. Spaces inside a paragraph are content.
    const body = html`<p>${t('prefsIntro')}</p>
${store.gpc ? html`<p class="note">${t('gpcNote')} ${off.length ? t('gpcOff', { purposes: off.join(', ') }) : ''}</p>` : nothing}
<ul class="plain">${config.purposes.map((p) => this.#purpose(p, lang))}</ul>
${id ? html`<p>${t('consentId', { id })} ${t('consentIdHelp')}</p>` : nothing}
<p role="status">${this.#saved ? t('saved') : ''}</p>`;
    return this.frame('prefsTitle', this.inline ? null : 'closePrefs', body, [
      ['save', 'save', () => this.#decide(0)],
      ['accept', 'acceptAll', () => this.#decide(1)],
      ['reject', 'rejectAll', () => this.#decide(2)],
    ]);
  }

  #purpose(p: ResolvedPurpose, lang: string): TemplateResult {
    const { t } = this;
    const row = (key: string, value: string | undefined) => (value ? html`<dt>${t(key)}</dt><dd>${value}</dd>` : nothing);
    // A cookie's own text; a preset's cookie has none (`undefined`, never '' as a site's cookie without
    // one resolves to), so its built-in one, `<key> <name>`, comes from the preferences' texts.
    const own = (key: string, c: CookieInfo, value: LocalizedText | undefined) => row(key, value === undefined ? t(`${key} ${c.name}`) : text(value, lang));
    const cookie = (c: CookieInfo) => html`<li><code>${c.name}</code>
<dl>${own('cookiePurpose', c, c.purpose)}${own('cookieLifetime', c, c.lifetime)}${row('cookieRecipient', c.recipient)}</dl></li>`;
    return html`<li class="purpose">
<div class="row"><strong id="l-${p.id}">${purposeLabel(p, lang, t)}</strong>${p.required ? t('alwaysOn') : nothing}<button class="switch" part="switch" role="switch"
 aria-checked=${p.required || this.#choices[p.id] === true} aria-labelledby="l-${p.id}" aria-describedby="d-${p.id}" ?disabled=${p.required} @click=${() => this.#toggle(p.id)}></button></div>
<p id="d-${p.id}">${purposeDescription(p, lang, t)}</p>
${p.cookies.length ? html`<details><summary>${t('cookies', { count: String(p.cookies.length) })}</summary><ul class="plain">${p.cookies.map(cookie)}</ul></details>` : nothing}</li>`;
  }

  #toggle(id: string): void {
    this.#choices[id] = !this.#choices[id];
    this.#saved = false;
    this.requestUpdate();
  }

  /** 0: save the switches, 1: accept all, 2: reject all (a withdrawal when a decision exists). */
  async #decide(kind: 0 | 1 | 2): Promise<void> {
    const done = await this.act((store, notice) => {
      if (kind === 1) return store.acceptAll('accept_all', notice);
      if (kind === 2) return store.rejectAll(store.state.status === 'decided' ? 'withdraw_control' : 'reject_all', notice);
      const choices = { ...this.#choices };
      delete choices.necessary;
      return store.decide(choices, 'preferences_save', notice);
    });
    if (!done) return;
    this.#sync();
    this.#decided = true;
    this.#saved = true;
    if (this.inline) this.requestUpdate();
    else this.close();
  }

  protected closed(): void {
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
  }
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
