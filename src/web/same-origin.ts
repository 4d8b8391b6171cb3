/**
 * The web form's defence against cross-site request forgery: a POST that changes the archive is taken only
 * when the browser says it came from one of this site's own pages. Browsers send `Sec-Fetch-Site` (Fetch
 * Metadata) with every request and `Origin` with every POST, and a page elsewhere can set neither; so no
 * token is needed, and the form's pages stay the same for every reader (the page cache keeps them). A
 * request with neither header (no browser sends such a POST) is refused too. See docs/security.md.
 */
import type { Context } from 'hono';
import { originOf } from '../http/public-url.js';

/** Why a POST is refused as not from this site, or null when it is from this site. */
export function crossSiteRefusal(c: Context): string | null {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) {
    return site === 'same-origin'
      ? null
      : `The form was sent from another site (Sec-Fetch-Site: ${site.slice(0, 40)}); corrections are taken only from this archive’s own “Fix this text” page.`;
  }
  const origin = c.req.header('origin');
  if (origin === undefined)
    return 'The form came without an Origin header, so it cannot be told from a forged one. Send it from the “Fix this text” page in a current browser, or use the JSON API.';
  const own = new Set([originOf(c), new URL(c.req.url).origin]);
  return own.has(origin)
    ? null
    : `The form was sent from another site (${origin.slice(0, 100)}); corrections are taken only from this archive’s own “Fix this text” page.`;
}
