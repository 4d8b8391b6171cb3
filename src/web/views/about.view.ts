/** About and credits, from the site configuration. */
import type { SiteConfig } from '../../config/site-config.js';
import { html, type SafeHtml } from '../html.js';
import { page } from './layout.js';

/** Text with `backticked` spans (a command to type) set as code, as in the configuration's Markdown habit. */
function withCode(text: string): SafeHtml[] {
  return text.split(/`([^`\n]+)`/).map((part, i) => (i % 2 ? html`<code>${part}</code>` : html`${part}`));
}

export function aboutView(site: SiteConfig): string {
  const paras = site.about.split(/\n\s*\n/).filter((p) => p.trim());
  const body = html`<div class="measure">
<h1>About ${site.name}</h1>
${paras.map((p) => html`<p>${withCode(p.trim())}</p>`)}
<section class="credits" id="credits">
  <h2>${site.creditsHeading}</h2>
  ${site.funders.length ? html`<ul>${site.funders.map((f) => html`<li><strong>${f.name}</strong>${f.note ? html` — ${f.note}` : ''}</li>`)}</ul>` : html`<p>No funders are listed yet.</p>`}
</section>
</div>`;
  return page({ title: 'About', site, body });
}
