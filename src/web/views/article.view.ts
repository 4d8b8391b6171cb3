/** The article page: kicker, headline, date, PDF of the date, byline, dateline, text with reference links. */

import { apa, author, type Citable, chicago, citableArticle, mla } from '../../cite/citation.js';
import type { SiteConfig } from '../../config/site-config.js';
import { longDate } from '../../core/dates.js';
import type { Article, Page } from '../../core/types.js';
import { collectionId, pageImageUrl } from '../../iiif/iiif.js';
import type { ArticleSummary, ReferenceLink, SearchHit } from '../../store/ports.js';
import { correctionsScript } from '../assets.js';
import { html, raw, type SafeHtml } from '../html.js';
import { articleUrl, dateUrl, editUrl, historyUrl, pdfUrl, versionUrl } from '../urls.js';
import { firstCutUrl, Marker, markingQuery, scanSection } from './article-scan.view.js';
import { page } from './layout.js';
import { pageViewUrl } from './page.view.js';

/** How the article page names a piece that is not a news article. */
const KIND_LABEL: Record<Article['kind'], string> = {
  article: 'Article',
  notices: 'Family notices',
  advertisement: 'Advertisement',
};

export interface ArticleModel {
  article: Article;
  refs: ReferenceLink[];
  referencedBy: ReferenceLink[];
  previous: ArticleSummary | null;
  next: ArticleSummary | null;
  related: SearchHit[];
  /** Absolute origin of the site, e.g. https://archive.example.org. */
  origin: string;
  titleName: string;
  /** Pages of the article's bulletin: an unresolved reference links to its page when the bulletin has it. */
  pageCount: number;
  /** The bulletin's pages (sizes and word boxes), for the scan beside the text. */
  pages: Page[];
  /** The reader's search (?q=), marked in the text and boxed on the scan; '' for none. */
  query: string;
  /** The version the article reads as, once readers have corrected it (cited with it); null before. */
  version: number | null;
  /** Whether an admin has locked the article against corrections (the edit page says so; no editing in place). */
  locked?: boolean;
  /** The reader's own correction, just saved (?corrected=N): its number and whether it is shown or held. */
  saved?: { version: number; held: boolean } | null;
}

/** The article as a citation source. */
export function citable(
  m: Pick<ArticleModel, 'article' | 'origin' | 'titleName'> & { version?: number | null },
  site: SiteConfig,
): Citable {
  // A corrected article is cited at its version, whose address always shows the text as cited.
  const v = m.version ?? null;
  return citableArticle(m.article, {
    url: `${m.origin}${v ? versionUrl(m.article.id, v) : articleUrl(m.article.id)}`,
    container: m.titleName,
    archive: site.name,
    ...(v ? { version: v } : {}),
  });
}

/** JSON for a <script type="application/ld+json"> block: "<" escaped so no text can close the element. */
function jsonLd(value: unknown): SafeHtml {
  return raw(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/\u2028|\u2029/g, ''),
  );
}

/** Open Graph, Highwire (Zotero) and schema.org metadata for the article's <head>. */
function headMeta(site: SiteConfig, m: ArticleModel): SafeHtml {
  const a = m.article;
  const url = `${m.origin}${articleUrl(a.slug)}`;
  const pdf = `${m.origin}${pdfUrl(a.date)}`;
  const who = author(a.byline);
  const description = a.body.slice(0, 200).replace(/\s+/g, ' ');
  // The article's own region of the scan when it has one (issue #18), else its first page whole.
  const cut = firstCutUrl(a, m.pages, m.origin);
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.headline,
    alternativeHeadline: a.headlinePrinted,
    datePublished: a.date,
    url,
    identifier: a.id,
    ...(who ? { author: { '@type': 'Person', name: `${who.given} ${who.family}`.trim() } } : {}),
    ...(a.dateline?.place ? { locationCreated: { '@type': 'Place', name: a.dateline.place } } : {}),
    pageStart: a.firstPage,
    pageEnd: a.lastPage,
    wordCount: a.wordCount,
    isPartOf: {
      '@type': 'PublicationIssue',
      datePublished: a.date,
      url: `${m.origin}${dateUrl(a.date)}`,
      isPartOf: { '@type': 'Periodical', name: m.titleName },
    },
    isBasedOn: pdf,
    publisher: { '@type': 'Organization', name: site.name },
  };
  return html`<link rel="canonical" href="${url}">
<meta name="description" content="${description}">
<meta property="og:type" content="article">
<meta property="og:title" content="${a.headline}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${url}">
<meta property="og:site_name" content="${site.name}">
${
  cut
    ? html`<meta property="og:image" content="${cut}">
<meta property="og:image:type" content="image/jpeg">
<meta property="og:image:alt" content="${a.headline}, as printed on page ${a.firstPage} of ${m.titleName}, ${longDate(a.date)}">`
    : html`<meta property="og:image" content="${pageImageUrl(m.origin, a.date, a.firstPage, 800, 'jpg')}">
<meta property="og:image:type" content="image/jpeg">
<meta property="og:image:width" content="800">
<meta property="og:image:alt" content="Page ${a.firstPage} of ${m.titleName}, ${longDate(a.date)}">`
}
<link rel="alternate" type="application/ld+json;profile=&quot;http://iiif.io/api/presentation/3/context.json&quot;" href="${m.origin}/iiif/${a.date}/manifest.json" title="IIIF manifest of this bulletin">
<link rel="collection" type="application/ld+json;profile=&quot;http://iiif.io/api/presentation/3/context.json&quot;" href="${collectionId(m.origin)}" title="IIIF Collection of every bulletin">
<meta property="article:published_time" content="${a.date}">
<meta name="citation_title" content="${a.headline}">
${who ? html`<meta name="citation_author" content="${who.family}, ${who.given}">` : ''}
<meta name="citation_publication_date" content="${a.date.replaceAll('-', '/')}">
<meta name="citation_journal_title" content="${m.titleName}">
<meta name="citation_firstpage" content="${a.firstPage}">
<meta name="citation_lastpage" content="${a.lastPage}">
<meta name="citation_pdf_url" content="${pdf}">
<meta name="citation_public_url" content="${url}">
<script type="application/ld+json">${jsonLd(ld)}</script>`;
}

function citations(site: SiteConfig, m: ArticleModel): SafeHtml {
  const c = citable(m, site);
  const base = `/cite/${m.article.id}`;
  return html`<section class="cite" aria-labelledby="cite-h">
  <h2 id="cite-h">Cite this article</h2>
  ${m.version ? html`<p class="meta">Readers have corrected this article: the citations name version ${String(m.version)}, the text as it reads now (<a href="${historyUrl(m.article.id)}">every version</a>).</p>` : ''}
  <dl>
    <dt>Chicago</dt><dd>${chicago(c)}</dd>
    <dt>MLA</dt><dd>${mla(c)}</dd>
    <dt>APA</dt><dd>${apa(c)}</dd>
  </dl>
  <p>Download: <a href="${base}.bib" download>BibTeX</a> · <a href="${base}.ris" download>RIS</a> · <a href="${base}.json" download>CSL-JSON</a></p>
</section>`;
}

/**
 * Where a reference takes the reader: the article it was resolved to; else the page it names, in the page
 * viewer (segmentation was not sure which story on it is meant); else, for a page the bulletin does not
 * have, the bulletin's date page.
 */
function referenceTarget(
  r: ReferenceLink,
  date: string,
  pageCount: number,
): { href: string; title: string; onPage: boolean } {
  if (r.other) return { href: articleUrl(r.other.slug), title: r.other.headline, onPage: false };
  if (r.page >= 1 && r.page <= pageCount)
    return { href: pageViewUrl(date, r.page), title: `Page ${r.page} of this bulletin`, onPage: true };
  return { href: dateUrl(date), title: `This bulletin (it has no page ${r.page})`, onPage: false };
}

/** A paragraph's text with each reference turned into a link to its target (see `referenceTarget`), matches marked. */
function inline(
  text: string,
  refs: ReferenceLink[],
  date: string,
  pageCount: number,
  marker: Marker,
): SafeHtml {
  const parts: (string | SafeHtml)[] = [];
  let rest = text;
  for (const r of refs) {
    const at = rest.indexOf(r.text);
    if (at < 0) continue;
    const to = referenceTarget(r, date, pageCount);
    parts.push(marker.mark(rest.slice(0, at)), html`<a href="${to.href}" title="${to.title}">${r.text}</a>`);
    rest = rest.slice(at + r.text.length);
  }
  parts.push(marker.mark(rest));
  return html`${parts}`;
}

/** One line of "References in this article". */
function referenceItem(r: ReferenceLink, date: string, pageCount: number): SafeHtml {
  const to = referenceTarget(r, date, pageCount);
  if (r.other) return html`<li><a href="${to.href}">${r.other.headline}</a> (page ${r.page})</li>`;
  if (to.onPage)
    return html`<li>${r.text} → <a href="${to.href}">page ${r.page} of this bulletin</a> <span class="meta">(which story on it is meant was not clear)</span></li>`;
  return html`<li>${r.text} <span class="meta">— this bulletin has no page ${r.page};</span> <a href="${to.href}">its pages</a></li>`;
}

/** Where the story stands: "page 2", "pages 2–3", or for a story continued elsewhere "page 1, continued on page 4". */
function pagesOf(a: ArticleModel['article']): string {
  const span = (p: { firstPage: number; lastPage: number }) =>
    p.firstPage === p.lastPage ? `${p.firstPage}` : `${p.firstPage}–${p.lastPage}`;
  if (a.parts && a.parts.length > 1) {
    const [first, ...rest] = a.parts;
    return `page ${span(first!)}, continued on page ${rest.map(span).join(' and ')}`;
  }
  return a.firstPage === a.lastPage ? `page ${a.firstPage}` : `pages ${a.firstPage}–${a.lastPage}`;
}

/** How many matches of the reader's search the text has, "Next match" (to the first without script), and a way out. */
function matchesLine(q: string, count: number, slug: string): SafeHtml {
  if (count === 0)
    return html`<p class="matches" role="status">“${q}” is not in the text as printed (it matched the byline, the place or a variant). <a href="${articleUrl(slug)}">Hide the search</a></p>`;
  return html`<p class="matches" role="status">${count === 1 ? '1 match' : `${count} matches`} of “${q}” marked in the headline and text, and boxed on the scan · <a class="next-match" href="#match-1">Next match<span class="match-at"></span></a> · <a href="${articleUrl(slug)}">Hide the search</a></p>`;
}

/** Thanks for a correction just saved: shown, or waiting for review. */
function savedNotice(id: string, s: { version: number; held: boolean }): SafeHtml {
  return html`<div class="notice ${s.held ? 'warning' : 'info'}" role="status"><p><strong>Thank you.</strong> ${
    s.held
      ? html`Your correction is saved as version ${String(s.version)}; it changes much of the article, so it waits for an administrator’s review before it is shown.`
      : html`Your correction is saved as version ${String(s.version)} and shown below.`
  } <a href="${historyUrl(id)}#v${String(s.version)}">See it in the history</a>.</p></div>`;
}

export function articleView(site: SiteConfig, m: ArticleModel): string {
  const a = m.article;
  const paras = a.body.split(/\n\n+/);
  const marker = new Marker(markingQuery(m.query));
  // Marked in reading order, so match-1 is the first on the page.
  const headline = marker.mark(a.headline);
  const text = paras.map((p, i) =>
    i === 0 && a.dateline
      ? html`<p><span class="dateline">${a.dateline.raw}</span> ${inline(p, m.refs, a.date, m.pageCount, marker)}</p>`
      : html`<p>${inline(p, m.refs, a.date, m.pageCount, marker)}</p>`,
  );
  const body = html`<div class="article-layout">
<article class="measure" aria-labelledby="headline" data-article="${a.id}" data-version="${String(m.version ?? 1)}"${m.locked ? raw(' data-locked') : ''}>
  ${a.kind !== 'article' ? html`<p class="kind">${KIND_LABEL[a.kind]}</p>` : ''}
  ${a.kicker ? html`<p class="kicker">${a.kicker}</p>` : ''}
  <h1 id="headline">${headline}</h1>
  <p class="meta"><a href="${dateUrl(a.date)}">${m.titleName}, <time datetime="${a.date}">${longDate(a.date)}</time></a> · ${pagesOf(a)}</p>
  <div class="actions">
    <a class="button-link" href="${pdfUrl(a.date)}#page=${a.firstPage}" type="application/pdf">Download PDF for this date</a>
    <a class="button-link" href="/api/v1/articles/${a.id}" type="application/json">Data (JSON)</a>
    <a class="button-link fix-text" href="${editUrl(a.id)}">Fix this text</a>
    <a class="button-link" href="${historyUrl(a.id)}">History${m.version ? ` (version ${m.version})` : ''}</a>
  </div>
  ${m.saved ? savedNotice(a.id, m.saved) : ''}
  ${a.byline ? html`<p class="byline">${a.byline}</p>` : ''}
  ${a.credit ? html`<p class="credit">${a.credit}</p>` : ''}
  ${m.query ? matchesLine(m.query, marker.count, a.slug) : ''}
  <div class="text">${text}</div>
  <p class="printed">Printed headline: ${a.headlinePrinted} · Permalink: <a href="${articleUrl(a.id)}">${articleUrl(a.id)}</a></p>
  ${
    m.refs.length || m.referencedBy.length
      ? html`<section class="refs" aria-label="References">
    ${m.refs.length ? html`<h2>References in this article</h2><ul>${m.refs.map((r) => referenceItem(r, a.date, m.pageCount))}</ul>` : ''}
    ${m.referencedBy.length ? html`<h2>Referenced by</h2><ul>${m.referencedBy.map((r) => (r.other ? html`<li><a href="${articleUrl(r.other.slug)}">${r.other.headline}</a></li>` : ''))}</ul>` : ''}
  </section>`
      : ''
  }
  ${
    m.related.length
      ? html`<section class="related" aria-labelledby="related-h"><h2 id="related-h">Related articles</h2><ul>${m.related.map(
          (r) =>
            html`<li><a href="${articleUrl(r.slug)}">${r.headline}</a> <span class="meta">${longDate(r.date)}</span></li>`,
        )}</ul></section>`
      : ''
  }
  ${citations(site, m)}
  <nav class="pager" aria-label="This bulletin">
    ${m.previous ? html`<a rel="prev" href="${articleUrl(m.previous.slug)}">← ${m.previous.headline}</a>` : ''}
    ${m.next ? html`<a rel="next" href="${articleUrl(m.next.slug)}">${m.next.headline} →</a>` : ''}
  </nav>
</article>
${scanSection(a, m.pages, m.query, m.titleName)}
</div>`;
  return page({
    title: a.headline,
    site,
    body,
    head: html`${headMeta(site, m)}
<script src="${correctionsScript.path}" defer></script>`,
  });
}
