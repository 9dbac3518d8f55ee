/**
 * The stylesheet of the dialog base, adopted by the shadow roots of `<consent-banner>` and
 * `<consent-preferences>` (a constructed `CSSStyleSheet`: allowed under a strict `style-src`, and no
 * `css` tag code in the chunk): the tokens, the frame (dialog or inline section, close button,
 * heading, body text, lists, links, the row of equal buttons) and focus. The rules only the
 * preferences use (switches, cookie lists, the GPC note) are in `./preferences.styles.ts`, which
 * travels in the preferences chunk and is adopted after this one. It is written compactly on
 * purpose: CSS text ships as written, nothing minifies it.
 *
 * Internal tokens (set on `:host`, overridable only through the public `--consent-*` properties):
 * `--b` background, `--f` text, `--a` accent, `--o` text on the accent, `--l` lines and switch "off",
 * `--r` radius.
 *
 * Colours (light / dark) and their contrast against the background:
 * text #1f1f1f / #f2f2f2 (≥ 15:1), accent #1d4ed8 / #8ab4f8 (≥ 6.5:1, also as link text),
 * button text on accent #fff / #111 (≥ 6.5:1), lines and switch-off #6b6b6b / #9a9aa0 (≥ 5:1).
 * Dark mode follows the visitor's system through `color-scheme: light dark` and `light-dark()`; a site
 * pins one scheme with `color-scheme: light` (or `dark`) on the element. Browsers without
 * `light-dark()` get the light palette.
 *
 * Layout: the banner is a sheet at the bottom of the viewport, the preferences a centred modal, or a
 * block in the page with `inline`. The browser's own `dialog:modal` rules keep a modal within the
 * viewport (100% − 2em − 6px) and let it scroll. Inline-axis positions and spacing use logical
 * properties, so the layout mirrors in right-to-left pages (`width`/`height` only size square or
 * symmetric boxes); `overflow-wrap: anywhere` and the auto-fit button grid reflow at 320 px.
 * Targets: buttons 44 px high, the close button (a × drawn as generated content, so it is not part
 * of the recorded notice text) 44 × 44.
 */
export const dialogStyles = new CSSStyleSheet();
dialogStyles.replaceSync(`
:host{display:block;color-scheme:light dark;--b:var(--consent-color-bg,light-dark(#fff,#1c1c1e));--f:var(--consent-color-text,light-dark(#1f1f1f,#f2f2f2));--a:var(--consent-color-accent,light-dark(#1d4ed8,#8ab4f8));--o:var(--consent-color-on-accent,light-dark(#fff,#111));--l:light-dark(#6b6b6b,#9a9aa0);--r:var(--consent-radius,8px);font:1rem/1.5 var(--consent-font-family,system-ui,sans-serif)}
@supports not (color:light-dark(#fff,#000)){:host{--b:var(--consent-color-bg,#fff);--f:var(--consent-color-text,#1f1f1f);--a:var(--consent-color-accent,#1d4ed8);--o:var(--consent-color-on-accent,#fff);--l:#6b6b6b}}
.base{box-sizing:border-box;padding:1.25rem;border:1px solid var(--l);border-radius:var(--r);background:var(--b);color:var(--f);overflow-wrap:anywhere}
dialog{inline-size:42rem;box-shadow:0 4px 24px #0005}
:host(consent-banner) dialog{margin-block:auto .5rem}
dialog:focus{outline:none}
::backdrop{background:#0006}
h2{font-size:1.25rem;margin:0 0 .75rem;padding-inline-end:2.5rem}
p{margin:0 0 .75rem}
a{color:var(--a)}
ul{padding-inline-start:1.25rem}
li{margin-block-end:.25rem}
:focus-visible{outline:3px solid var(--f);outline-offset:2px}
button{font:inherit;color:inherit;border-radius:var(--r);cursor:pointer}
.buttons{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,10rem),1fr));gap:.5rem;margin-block-start:1rem}
.btn{font-weight:600;min-block-size:44px;padding:.5rem 1rem;border:2px solid var(--a);background:var(--a);color:var(--o)}
.btn:hover{text-decoration:underline}
.x{position:absolute;top:.5rem;inset-inline-end:.5rem;width:44px;height:44px;border:0;background:none}
.x::before{content:'\\d7';font:2rem/1 sans-serif}
`);
