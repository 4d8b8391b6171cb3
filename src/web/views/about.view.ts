/** About and credits, from the site configuration. */
import type { SiteConfig } from '../../config/site-config.js';
import { html } from '../html.js';
import { page } from './layout.js';

export function aboutView(site: SiteConfig): string {
  const paras = site.about.split(/\n\s*\n/).filter((p) => p.trim());
  const body = html`<div class="measure">
<h1>About ${site.name}</h1>
${paras.map((p) => html`<p>${p.trim()}</p>`)}
<section class="credits" id="credits">
  <h2>${site.creditsHeading}</h2>
  ${site.funders.length ? html`<ul>${site.funders.map((f) => html`<li><strong>${f.name}</strong>${f.note ? html` — ${f.note}` : ''}</li>`)}</ul>` : html`<p>No funders are listed yet.</p>`}
</section>
</div>`;
  return page({ title: 'About', site, body });
}
