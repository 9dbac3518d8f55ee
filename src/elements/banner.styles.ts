import { css } from 'lit';

/** Styles of `<consent-banner>` on top of the shared ones: a sheet anchored to the bottom of the viewport. */
export const bannerStyles = css`
  dialog {
    margin-block: auto 0.5rem;
  }
  .purposes li {
    margin-block-end: 0.25rem;
  }
`;
