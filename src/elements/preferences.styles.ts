/**
 * The rules only `<consent-preferences>` uses, on top of the dialog base's sheet
 * (`./dialog.styles.ts`, adopted first, whose tokens `--b`, `--f`, `--a`, `--o`, `--l` these rules
 * use): the purpose list, the switches, the cookie details and the GPC note. A module of its own so
 * that it travels in the preferences chunk, not in the banner chunk every first visit loads. Written
 * compactly on purpose: CSS text ships as written.
 *
 * Switch colours: border and knob "off" `--l` (≥ 5:1 against the background), "on" the accent with
 * a knob in `--o` (≥ 6.5:1). Targets: switches 48 × 28, summaries 32 px high.
 * Motion: the switch knob is the only animation, and only without `prefers-reduced-motion: reduce`.
 */
export const preferencesStyles = new CSSStyleSheet();
preferencesStyles.replaceSync(`
.plain{list-style:none;padding:0;margin:0}
.purpose{border-block-start:1px solid var(--l);padding-block:.75rem .25rem}
.row{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin-block-end:.25rem}
.row strong{flex:1}
.switch{width:48px;height:28px;padding:0;border:2px solid var(--l);border-radius:14px;background:var(--b)}
.switch::after{content:'';display:block;width:18px;height:18px;margin-inline-start:3px;border-radius:50%;background:var(--l)}
@media (prefers-reduced-motion:no-preference){.switch::after{transition:margin .15s}}
[aria-checked=true]{background:var(--a);border-color:var(--a)}
[aria-checked=true]::after{margin-inline-start:23px;background:var(--o)}
:disabled{cursor:default}
summary{cursor:pointer;padding-block:.25rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:0 .75rem;margin:.25rem 0 .75rem}
code,dt{font-weight:600}
dd{margin:0}
.note{border-inline-start:4px solid var(--a);padding-inline-start:.75rem}
`);
