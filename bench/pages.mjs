// The benchmark pages: the same article, once with consent-elements and once with
// vanilla-cookieconsent 3.1.0. Only the consent library's tags differ.

/** The gated script: records when it ran, on the page's own clock (0 = navigation start). */
const GATED_BODY = 'window.__gatedAt = performance.now();';

const ARTICLE = `
<header class="site"><strong>Bakkerij de Korenschoof</strong>
  <nav><a href="/">Home</a> <a href="/">Assortiment</a> <a href="/">Contact</a> <a href="/privacy">Privacy</a></nav>
</header>
<main>
  <h1>Sourdough, slowly</h1>
  <p class="lead">Our bread rises for eighteen hours. Here is why we take the time, and what it does for the taste.</p>
  <svg class="hero" viewBox="0 0 640 240" width="640" height="240" role="img" aria-label="A loaf of bread">
    <rect width="640" height="240" fill="#f3e7d3"/><ellipse cx="320" cy="140" rx="210" ry="80" fill="#c98b4a"/>
    <path d="M180 120 q140 -70 280 0" stroke="#8a5a2b" stroke-width="8" fill="none"/>
  </svg>
  <p>Long fermentation lets the lactic acid bacteria and wild yeasts break down more of the flour's starches and
  proteins before the dough reaches the oven. The crumb gets an open structure, the crust caramelises deeper, and the
  loaf keeps for days without drying out.</p>
  <h2>What you need</h2>
  <ul><li>500 g flour, of which 100 g whole wheat</li><li>350 g water</li><li>100 g active starter</li><li>10 g salt</li></ul>
  <p>Mix the flour and water first and let them rest for an hour. Then add the starter and the salt, fold the dough
  every half hour for the first two hours, and leave it in the fridge overnight. Bake it straight from the cold in a
  preheated cast-iron pot: twenty minutes with the lid on, twenty-five without.</p>
  <h2>Visit us</h2>
  <p>The shop is open from Tuesday to Saturday, 7:00 to 17:00. Order before 20:00 and your bread is ready the next
  morning.</p>
</main>
<footer class="site">© Bakkerij de Korenschoof · <a href="/privacy">Privacy statement</a></footer>`;

const STYLE = `
body{margin:0;font:16px/1.6 system-ui,sans-serif;color:#222;background:#fff}
header.site,footer.site{display:flex;gap:2rem;justify-content:space-between;padding:1rem 2rem;background:#f7f2ea}
nav a{margin-left:1rem;color:#6b3f12}
main{max-width:42rem;margin:0 auto;padding:1rem 2rem}
.lead{font-size:1.2rem}
.hero{display:block;max-width:100%;height:auto}`;

const CONTROLLER = 'Bakkerij de Korenschoof B.V.';
const POLICY_VERSION = '2026-01';

function page({ head, body }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sourdough, slowly</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * consent-elements: the drop-in module in <head>, the element with its attributes, and the default
 * purposes (necessary + analytics), so no JSON config is needed.
 */
export function consentElementsPage({ lib = '/dist/consent-elements.js' } = {}) {
  return page({
    head: `<script type="module" src="${lib}"></script>`,
    body: `<consent-banner policy-version="${POLICY_VERSION}" privacy-url="/privacy" controller="${CONTROLLER}"></consent-banner>
${ARTICLE}
<script type="text/plain" data-consent="analytics">${GATED_BODY}</script>`,
  });
}

/** The peer's configuration: the same two categories and texts of the same length as ours. */
export const PEER_CONFIG = {
  // The peer hides itself when navigator.webdriver is true (set under automation); a real visitor's
  // browser is not a webdriver, so this only undoes a test artefact.
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'Cookies on this site',
          description: `${CONTROLLER} asks for your consent to use analytics cookies. They help us understand how the site is used; the last part of your IP address is masked. You can withdraw your consent at any time via the settings button.`,
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Settings',
          footer: '<a href="/privacy">Privacy statement</a>',
        },
        preferencesModal: {
          title: 'Cookie settings',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save',
          closeIconLabel: 'Close',
          sections: [
            { title: 'Necessary', description: 'Needed for the site to work. Always on.', linkedCategory: 'necessary' },
            { title: 'Analytics', description: 'Counts visits and page views; the last part of your IP address is masked.', linkedCategory: 'analytics' },
          ],
        },
      },
    },
  },
  guiOptions: { consentModal: { equalWeightButtons: true }, preferencesModal: { equalWeightButtons: true } },
};

/**
 * vanilla-cookieconsent 3.1.0 as its README shows it: the stylesheet in <head> and a module script that
 * imports the UMD build and calls `CookieConsent.run()`. The config is inline, so it costs no request.
 */
export function vanillaCookieconsentPage({ dir = '/node_modules/vanilla-cookieconsent/dist' } = {}) {
  return page({
    head: `<link rel="stylesheet" href="${dir}/cookieconsent.css">
<script type="module">
import '${dir}/cookieconsent.umd.js';
CookieConsent.run(${JSON.stringify(PEER_CONFIG)});
</script>`,
    body: `${ARTICLE}
<script type="text/plain" data-category="analytics">${GATED_BODY}</script>`,
  });
}
