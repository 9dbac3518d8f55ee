import { css } from 'lit';

/** Styles of `<consent-preferences>` on top of the shared ones: purpose rows, switches and cookie lists. */
export const preferencesStyles = css`
  :host([inline]) {
    display: block;
  }
  :host([inline]) .base {
    border: 1px solid var(--_line);
    border-radius: var(--_r);
    padding: 1.25rem;
  }
  :host([inline]) h2 {
    padding: 0;
  }
  .purposes {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .purpose {
    border-block-start: 1px solid var(--_line);
    padding-block: 0.75rem 0.25rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    font-weight: 600;
    margin-block-end: 0.25rem;
  }
  .row span:last-child {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: 400;
  }
  .switch {
    position: relative;
    box-sizing: border-box;
    flex: none;
    inline-size: 48px;
    block-size: 28px;
    padding: 0;
    border: 2px solid var(--_line);
    border-radius: 14px;
    background: var(--_bg);
    cursor: pointer;
  }
  .switch::after {
    content: '';
    position: absolute;
    inset-block-start: 3px;
    inset-inline-start: 3px;
    inline-size: 18px;
    block-size: 18px;
    border-radius: 50%;
    background: var(--_line);
    transition: inset-inline-start 0.15s;
  }
  .switch[aria-checked='true'] {
    background: var(--_ac);
    border-color: var(--_ac);
  }
  .switch[aria-checked='true']::after {
    inset-inline-start: 23px;
    background: var(--_on);
  }
  .switch:disabled {
    cursor: default;
  }
  summary {
    cursor: pointer;
    padding-block: 0.25rem;
    min-block-size: 24px;
  }
  .cookies {
    list-style: none;
    padding: 0;
  }
  .cookies code {
    font-weight: 600;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 0.75rem;
    margin: 0.25rem 0 0.75rem;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .note {
    border-inline-start: 4px solid var(--_ac);
    padding-inline-start: 0.75rem;
  }
`;
