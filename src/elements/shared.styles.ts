import { css } from 'lit';

/**
 * Styles shared by `<consent-banner>` and `<consent-preferences>`: the theme tokens, the dialog
 * frame, the equal buttons and the close button.
 *
 * Colours (light / dark) and their contrast against the background:
 * text #1f1f1f / #f2f2f2 (≥ 15:1), accent #1d4ed8 / #8ab4f8 (≥ 6.5:1, also as link text),
 * button text on accent #fff / #111 (≥ 6.5:1), lines and switch-off #6b6b6b / #9a9aa0 (≥ 5:1).
 * Dark mode follows the visitor's system through `color-scheme: light dark` and `light-dark()`; a site
 * pins one scheme with `color-scheme: light` (or `dark`) on the element. Browsers without
 * `light-dark()` get the light palette.
 * Only logical properties are used, so the layout mirrors in right-to-left pages.
 */
export const sharedStyles = css`
  :host {
    color-scheme: light dark;
    --_bg: var(--consent-color-bg, light-dark(#fff, #1c1c1e));
    --_fg: var(--consent-color-text, light-dark(#1f1f1f, #f2f2f2));
    --_ac: var(--consent-color-accent, light-dark(#1d4ed8, #8ab4f8));
    --_on: var(--consent-color-on-accent, light-dark(#fff, #111));
    --_line: light-dark(#6b6b6b, #9a9aa0);
    --_r: var(--consent-radius, 8px);
    font-family: var(--consent-font-family, system-ui, sans-serif);
    font-size: 1rem;
    line-height: 1.5;
  }
  @supports not (color: light-dark(#fff, #000)) {
    :host {
      --_bg: var(--consent-color-bg, #fff);
      --_fg: var(--consent-color-text, #1f1f1f);
      --_ac: var(--consent-color-accent, #1d4ed8);
      --_on: var(--consent-color-on-accent, #fff);
      --_line: #6b6b6b;
    }
  }
  .base {
    box-sizing: border-box;
    position: relative;
    background: var(--_bg);
    color: var(--_fg);
    overflow-wrap: anywhere;
  }
  dialog {
    border: 1px solid var(--_line);
    border-radius: var(--_r);
    padding: 1.25rem;
    inline-size: 42rem;
    max-inline-size: calc(100% - 1rem);
    max-block-size: calc(100% - 1rem);
    overflow: auto;
    box-shadow: 0 4px 24px #0005;
  }
  dialog:focus {
    outline: none;
  }
  dialog::backdrop {
    background: #0006;
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 0.75rem;
    padding-inline-end: 2.5rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
  a {
    color: var(--_ac);
  }
  ul {
    padding-inline-start: 1.25rem;
  }
  :focus-visible {
    outline: 3px solid var(--_fg);
    outline-offset: 2px;
  }
  .buttons {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 10rem), 1fr));
    gap: 0.5rem;
    margin-block-start: 1rem;
  }
  .btn {
    font: inherit;
    font-weight: 600;
    min-block-size: 44px;
    padding: 0.5rem 1rem;
    border: 2px solid var(--_ac);
    border-radius: var(--_r);
    background: var(--_ac);
    color: var(--_on);
    cursor: pointer;
  }
  .btn:hover {
    text-decoration: underline;
  }
  .x {
    position: absolute;
    inset-block-start: 0.5rem;
    inset-inline-end: 0.5rem;
    inline-size: 44px;
    block-size: 44px;
    display: grid;
    place-items: center;
    padding: 0;
    border: 0;
    border-radius: var(--_r);
    background: none;
    color: inherit;
    cursor: pointer;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    ::before,
    ::after {
      transition: none !important;
      animation: none !important;
    }
  }
`;
