/** The error page the one error handler (server.ts) answers HTML requests with: what went wrong, and a way on. */
import type { SiteConfig } from '../../config/site-config.js';
import { html } from '../html.js';
import { page } from './layout.js';

/** A page for a missing thing or a mistake in the address, with a way on. */
export function errorView(site: SiteConfig, title: string, message: string): string {
  return page({
    title,
    site,
    body: html`<div class="measure"><h1>${title}</h1><p>${message}</p><p><a href="/">Go to the home page</a> or search above.</p></div>`,
  });
}
