import { define } from '../core/define.js';
import { getHost, whenHost } from '../core/host.js';

/**
 * Default accessible names. Kept here rather than in the i18n tables: this element ships in the
 * small core that loads on every visit, without the banner's texts. Sites override it with
 * `config.texts[lang].settingsButton`.
 */
const LABELS: Readonly<Record<string, string>> = { nl: 'Cookie-instellingen', en: 'Cookie settings' };

const CSS = `:host{color-scheme:light dark;position:fixed;inset-block-end:16px;inset-inline-start:16px;z-index:var(--consent-z-index,2147483000)}
button{--a:var(--consent-color-accent,light-dark(#1d4ed8,#8ab4f8));box-sizing:border-box;width:44px;height:44px;display:grid;place-items:center;padding:0;border:2px solid var(--a);border-radius:50%;background:var(--consent-color-bg,light-dark(#fff,#1c1c1e));color:var(--a);cursor:pointer;box-shadow:0 1px 6px #0005}
button:focus-visible{outline:3px solid var(--a);outline-offset:2px}
@supports not (color:light-dark(#fff,#000)){button{--a:var(--consent-color-accent,#1d4ed8);background:var(--consent-color-bg,#fff)}}`;

let sheet: CSSStyleSheet | undefined;

/**
 * The cookie icon: a round cookie with a bite out of its top right and three chips (round line
 * caps of zero-length strokes). Built with DOM calls, not HTML strings, so it works under Trusted Types.
 */
function icon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const path = document.createElementNS(ns, 'path');
  const attrs: Record<string, string> = {
    viewBox: '0 0 24 24', width: '24', height: '24', 'aria-hidden': 'true',
    fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round',
  };
  for (const k in attrs) svg.setAttribute(k, attrs[k]!);
  path.setAttribute('d', 'M12 3a9 9 0 1 0 9 9 3 3 0 0 1-3.5-3.5A3 3 0 0 1 12 3ZM8.5 9.5v0M15 15v0M10 15.5v0');
  svg.append(path);
  return svg;
}

/**
 * `<consent-settings-button>`: the small floating button that reopens the cookie preferences after
 * a decision, so withdrawing is always one click away. The runtime adds it; `no-settings-button`
 * on `<consent-banner>` switches it off for sites with their own `data-consent-open` link.
 *
 * Plain `HTMLElement`, no Lit: it loads on every return visit with the small core.
 *
 * Dark mode follows the system; `color-scheme: light` (or `dark`) on the element pins one scheme.
 *
 * @cssproperty --consent-color-accent - Icon and ring colour (default #1d4ed8; dark #8ab4f8).
 * @cssproperty --consent-color-bg - Button background (default #fff; dark #1c1c1e).
 * @cssproperty --consent-z-index - Stacking order (default 2147483000).
 * @csspart button - The round button.
 */
export class ConsentSettingsButton extends HTMLElement {
  connectedCallback(): void {
    if (this.shadowRoot) return;
    // delegatesFocus: focusing the element (as the preferences do on close) focuses its button.
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sheet];
    const button = document.createElement('button');
    button.setAttribute('part', 'button');
    button.append(icon());
    button.addEventListener('click', () => void getHost()?.openPreferences(this));
    root.append(button);
    void whenHost().then((h) => {
      const label = h.store.config.texts[h.lang]?.settingsButton ?? LABELS[h.lang] ?? LABELS.en!;
      button.setAttribute('aria-label', label);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'consent-settings-button': ConsentSettingsButton;
  }
}

/** Registers `<consent-settings-button>` (warns instead of throwing when the tag is taken). */
export function defineSettingsButton(): void {
  define('consent-settings-button', ConsentSettingsButton);
}
