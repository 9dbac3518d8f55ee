import { log } from '../core/log.js';
import type { ConsentStore } from '../core/store.js';
import type { ResolvedConfig } from '../core/types.js';

/** Detail of `consent-cookies-removed`: what was actually deleted, so the page can decide to reload. */
export interface CookiesRemovedDetail {
  /** The refused purposes whose cookies were deleted. */
  purposes: string[];
  /** The names of the deleted cookies. */
  cookies: string[];
}

declare global {
  interface DocumentEventMap {
    'consent-cookies-removed': CustomEvent<CookiesRemovedDetail>;
  }
}

/**
 * The `Domain` values a cookie for `host` may have been set with: the host itself, then each parent
 * domain, stopping before the bare top-level domain (`www.woco.example.nl` → `.www.woco.example.nl`,
 * `.woco.example.nl`, `.example.nl`). Public suffixes such as `.co.uk` are included; the browser
 * ignores them. An IP address or a single-label host (`localhost`) can only have host-only cookies: `[]`.
 */
export function cookieDomains(host: string): string[] {
  if (!host.includes('.') || host.includes(':') || /^[\d.]+$/.test(host)) return [];
  const labels = host.split('.');
  return labels.slice(0, -1).map((_, i) => `.${labels.slice(i).join('.')}`);
}

/** `pathname` and each folder above it (`/a/b` → `/`, `/a`, `/a/b`): the paths a visible cookie may have. */
function cookiePaths(pathname: string): string[] {
  let p = '';
  return ['/', ...pathname.split('/').filter(Boolean).map((part) => (p += `/${part}`))];
}

/** A declared cookie name as a pattern: `*` matches any run of characters. */
const pattern = (name: string): RegExp =>
  RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

function cookieNames(doc: Document): Set<string> {
  try {
    return new Set(doc.cookie.split(';').map((c) => c.split('=', 1)[0]!.trim()));
  } catch {
    return new Set(); // a sandboxed document has no cookie access
  }
}

/**
 * Deletes the declared first-party cookies of every purpose that is not granted, once a stored
 * decision is known and after every change. A cookie that a granted purpose also declares, or that no
 * purpose declares, is never touched. Each cookie is expired host-only and for every parent domain
 * ({@link cookieDomains}), on `/` and on each folder of the current path.
 *
 * @fires consent-cookies-removed - on `document`, with {@link CookiesRemovedDetail}, when something was deleted
 * @returns a function that stops the cleanup
 */
export function attachCookieCleanup(store: ConsentStore, doc: Document, config: ResolvedConfig): () => void {
  let on = true;
  const clean = (): void => {
    const loc = doc.location;
    const purposes = new Set<string>();
    const removed: string[] = [];
    const owners = (name: string, granted: boolean) =>
      config.purposes.filter((p) => store.isGranted(p.id) === granted && p.cookies.some((c) => pattern(c.name).test(name)));
    for (const name of cookieNames(doc)) {
      const refused = owners(name, false);
      if (!name || !refused.length || owners(name, true).length) continue;
      const secure = loc?.protocol === 'https:' ? ';secure' : '';
      for (const domain of ['', ...cookieDomains(loc?.hostname ?? '')]) {
        for (const path of cookiePaths(loc?.pathname ?? '/')) {
          doc.cookie = `${name}=;max-age=0;path=${path}${domain && `;domain=${domain}`}${secure}`;
        }
      }
      if (cookieNames(doc).has(name)) {
        log.warn('cookie-kept', name);
      } else {
        removed.push(name);
        refused.forEach((p) => purposes.add(p.id));
      }
    }
    if (removed.length) {
      const detail: CookiesRemovedDetail = { purposes: [...purposes], cookies: removed };
      doc.dispatchEvent(new CustomEvent('consent-cookies-removed', { detail, bubbles: true, composed: true }));
    }
  };
  store.addEventListener('change', clean);
  // The current state, not the one `ready` resolved with: this may attach after later decisions.
  void store.ready.then(() => on && store.state.status === 'decided' && clean());
  return () => {
    on = false;
    store.removeEventListener('change', clean);
  };
}
