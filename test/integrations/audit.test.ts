import { expect } from '@open-wc/testing';
import { reportUngatedTags } from '../../src/integrations/audit.js';
import { activated } from '../../src/integrations/gating.js';
import { captureConsole } from '../helpers/console.js';

// Other origins on the loopback interface: port 1 refuses at once, so nothing leaves this machine.
const OTHER = 'http://127.0.0.1:1';

describe('report of ungated third-party tags', () => {
  const added: Element[] = [];
  const add = (html: string): Element => {
    const t = document.createElement('template');
    t.innerHTML = html;
    const el = t.content.firstElementChild!;
    // Scripts parsed from a template are inert; build a fresh one so its attributes are real.
    document.body.append(el);
    added.push(el);
    return el;
  };
  afterEach(() => added.splice(0).forEach((e) => e.remove()));

  it('names third-party scripts and iframes that run without data-consent, and only those', async () => {
    add(`<script type="text/plain" data-consent="analytics" src="${OTHER}/gated.js"></script>`);
    add(`<script type="application/ld+json" src="${OTHER}/data.json"></script>`);
    add(`<iframe data-consent="marketing" data-src="${OTHER}/video"></iframe>`);
    add(`<script src="/same-origin.js" type="text/x-inert"></script>`);
    add(`<iframe src="${OTHER}/embed" title="x"></iframe>`);
    add(`<script src="${OTHER}/tracker.js"></script>`); // from a template: never executed, still a tag
    add(`<iframe src="${OTHER}/lib/frame.html" title="own"></iframe>`); // the library's own folder
    const started = add(`<iframe src="${OTHER}/started" title="started"></iframe>`);
    activated.add(started);
    const con = captureConsole();
    try {
      const found = reportUngatedTags(document, `${OTHER}/lib/`);
      expect(found).to.deep.equal([`${OTHER}/embed`, `${OTHER}/tracker.js`]);
      await con.flush();
      expect(con.warn.join()).to.contain('2 script(s)/iframe(s) from other hosts run without consent gating').and.contain(`${OTHER}/tracker.js`);
    } finally {
      await con.restore();
    }
  });

  it('says nothing when every third-party tag is gated', async () => {
    add(`<script type="text/plain" data-consent="analytics" src="${OTHER}/gated.js"></script>`);
    const con = captureConsole();
    try {
      expect(reportUngatedTags(document, `${OTHER}/lib/`)).to.deep.equal([]);
      await con.flush();
      expect(con.warn).to.deep.equal([]);
    } finally {
      await con.restore();
    }
  });
});
