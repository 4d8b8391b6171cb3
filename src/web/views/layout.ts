/** The page shell every HTML page shares: menu, search box, footer with credits. */
import type { SiteConfig } from '../../config/site-config.js';
import { logoAsset, script, stylesheet } from '../assets.js';
import { html, type SafeHtml } from '../html.js';

export interface Shell {
  title: string;
  site: SiteConfig;
  query?: string;
  head?: SafeHtml;
  body: SafeHtml;
}

/** Renders a whole HTML document. */
export function page(s: Shell): string {
  const logo = logoAsset(s.site.logo);
  const title = s.title === s.site.name ? s.site.name : `${s.title} · ${s.site.name}`;
  return `<!doctype html>${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${stylesheet.path}">
<script src="${script.path}" defer></script>
<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml" title="${s.site.name}">
<link rel="alternate" type="application/atom+xml" href="/feeds/editions.atom" title="New bulletins">
${s.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="bar">
  <a class="brand" href="/">${logo ? html`<img src="${logo.path}" alt="" height="40">` : ''}${s.site.name}</a>
  <form class="search" role="search" action="/search" method="get">
    <label class="skip" for="site-q">Search the archive</label>
    <input id="site-q" type="search" name="q" value="${s.query ?? ''}" placeholder="Search the archive">
    <button type="submit">Search</button>
    <a class="how" href="/help/search">How to search</a>
  </form>
  <nav class="menu" aria-label="Site"><ul>
    <li><a href="/">Home</a></li>
    <li><a href="/#browse">Browse</a></li>
    <li><a href="/about">About</a></li>
    <li><a href="/api">API</a></li>
  </ul></nav>
</div></header>
<main id="main">
${s.body}
</main>
<footer class="site"><div>
  <p>${s.site.name} — ${s.site.tagline}. <a href="/about#credits">${s.site.creditsHeading}</a></p>
</div></footer>
</body>
</html>`.value
  }`;
}
