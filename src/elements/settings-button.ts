import { define } from '../core/define.js';
import { whenHost } from '../core/host.js';

/**
 * Written compactly: this ships in the small core that loads on every visit.
 * A round button (24 px icon + 8 px padding + 2 px ring = 44 px), 16 px from the bottom inline-start
 * corner (it mirrors in right-to-left pages). The accent colour (icon, ring and focus ring:
 * `currentColor`) on the background is ≥ 6.5:1 in light and dark; the ring sets the button off
 * from the page, so it has no shadow. The palette relies on `light-dark()` (every browser since
 * mid-2024). There is deliberately no fallback: older browsers show a transparent button in the
 * page's text colour, unless the site sets `--consent-color-accent` and `--consent-color-bg`.
 * The icon is drawn in a 24 × 24 box without a `viewBox`, so its user units are pixels.
 */
const CSS = ':host{color-scheme:light dark;position:fixed;bottom:16px;inset-inline-start:16px;z-index:var(--consent-z-index,2147483000)}'
  + 'button{padding:8px;border:2px solid;border-radius:50%;color:var(--consent-color-accent,light-dark(#1d4ed8,#8ab4f8));background:var(--consent-color-bg,light-dark(#fff,#1c1c1e));cursor:pointer}'
  + ':focus-visible{outline:3px solid;outline-offset:2px}'
  + 'svg{display:block;width:24px;height:24px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round}';

/**
 * `<consent-settings-button>`: the small floating button that reopens the cookie preferences after
 * a decision, so withdrawing is always one click away. The runtime adds it; `no-settings-button`
 * on `<consent-banner>` switches it off for sites with their own `data-consent-open` link.
 *
 * Plain `HTMLElement`, no Lit: it loads on every return visit with the small core. Its icon (a
 * round cookie with a bite out of its top right and three chips) is built with DOM calls, not HTML
 * strings, so it works under Trusted Types. Its accessible name is "Cookie settings" (nl:
 * "Cookie-instellingen"), or the site's `config.texts[lang].settingsButton`.
 *
 * Dark mode follows the system; `color-scheme: light` (or `dark`) on the element pins one scheme.
 *
 * @tagname consent-settings-button
 * @cssproperty --consent-color-accent - Icon and ring colour (default #1d4ed8; dark #8ab4f8).
 * @cssproperty --consent-color-bg - Button background (default #fff; dark #1c1c1e).
 * @cssproperty --consent-z-index - Stacking order (default 2147483000).
 * @csspart button - The round button.
 */
export class ConsentSettingsButton extends HTMLElement {
  constructor() {
    super();
    // delegatesFocus: focusing the element (as the preferences do on close) focuses its button.
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    const button = root.appendChild(document.createElement('button'));
    const svg = button.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
    (root.adoptedStyleSheets = [new CSSStyleSheet()])[0]!.replaceSync(CSS);
    button.part = 'button';
    svg.ariaHidden = 'true';
    // The cookie's outline with its bite, then three chips (zero-length lines with round caps).
    svg.appendChild(document.createElementNS(svg.namespaceURI, 'path')).setAttribute('d', 'M12 3a9 9 0 1 0 9 9 3 3 0 0 1-3.5-3.5A3 3 0 0 1 12 3M9 9v0m6 6v0m-5 0v0');
    // Named, and clickable, once the running library is known.
    void whenHost().then((h) => {
      button.ariaLabel = h.store.config.texts[h.lang]?.settingsButton ?? (h.lang == 'nl' ? 'Cookie-instellingen' : 'Cookie settings');
      button.onclick = () => h.openPreferences(this);
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
