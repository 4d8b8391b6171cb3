/** Atom feeds (RFC 4287) for a search and for new editions, sitemaps, and the OpenSearch description. */
import { longDate } from '../core/dates.js';
import type { SearchPage } from '../search/search.service.js';
import { MARK_END, MARK_START } from '../store/ports.js';
import { articleUrl, dateUrl, pdfUrl } from '../web/urls.js';
import { xml } from './xml.js';

export const SITEMAP_CHUNK = 10_000;

const plain = (s: string) => s.replaceAll(MARK_START, '').replaceAll(MARK_END, '');
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** An Atom feed document around entries already written (also the changes feed's, harvest/changes-feed.ts). */
export function feed(o: {
  id: string;
  title: string;
  self: string;
  alternate: string;
  updated: string;
  entries: string[];
  /** Paging links (RFC 5005 §3): first, previous, next, last. */
  pages?: [rel: string, href: string][];
}): string {
  const pages = (o.pages ?? []).map(
    ([rel, href]) => `<link rel="${rel}" type="application/atom+xml" href="${xml(href)}"/>\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${xml(o.id)}</id>
<title>${xml(o.title)}</title>
<updated>${o.updated}</updated>
<link rel="self" type="application/atom+xml" href="${xml(o.self)}"/>
${pages.join('')}<link rel="alternate" type="text/html" href="${xml(o.alternate)}"/>
<generator>Dateline</generator>
${o.entries.join('\n')}
</feed>
`;
}

/**
 * A feed of a search's results (newest bulletins first), for a reader to subscribe to: one page of them, with
 * links to the others. `feedPath(n)` is the feed's path at page n (page 1 is the feed itself).
 */
export function searchFeed(
  origin: string,
  siteName: string,
  p: SearchPage,
  feedPath: (page: number) => string,
  htmlPath: string,
): string {
  const entries = p.hits.map(
    (h) => `<entry>
<id>${xml(`${origin}${articleUrl(h.id)}`)}</id>
<title>${xml(h.headline)}</title>
<updated>${h.date}T00:00:00Z</updated>
<published>${h.date}T00:00:00Z</published>
<link rel="alternate" type="text/html" href="${xml(`${origin}${articleUrl(h.slug)}`)}"/>
<link rel="related" type="application/pdf" href="${xml(`${origin}${pdfUrl(h.date)}`)}"/>
<author><name>${xml(siteName)}</name></author>
<summary>${xml(plain(h.snippet))}</summary>
</entry>`,
  );
  const last = Math.max(1, p.pages);
  const link = (n: number) => `${origin}${feedPath(n)}`;
  return feed({
    id: link(1),
    title: `${siteName}: “${p.query}”${p.page > 1 ? ` (page ${p.page} of ${last})` : ''}`,
    self: link(p.page),
    alternate: `${origin}${htmlPath}`,
    // The newest entry's time, not the clock: an unchanged feed is the same bytes (and ETag) on each fetch.
    // (Bulletins before 1970 are common: the epoch stands in only for a feed with no entries.)
    updated: `${
      p.hits
        .map((h) => h.date)
        .sort()
        .at(-1) ?? '1970-01-01'
    }T00:00:00Z`,
    entries,
    pages: [
      ['first', link(1)],
      ...(p.page > 1 ? [['previous', link(p.page - 1)] as [string, string]] : []),
      ...(p.page < last ? [['next', link(p.page + 1)] as [string, string]] : []),
      ['last', link(last)],
    ],
  });
}

/** A feed of the editions added or replaced most recently. */
export function editionsFeed(
  origin: string,
  siteName: string,
  editions: { date: string; articles: number; pages: number; ingestedAt: string }[],
): string {
  const entries = editions.map(
    (e) => `<entry>
<id>${xml(`${origin}${dateUrl(e.date)}`)}</id>
<title>${xml(longDate(e.date))}</title>
<updated>${e.ingestedAt}</updated>
<link rel="alternate" type="text/html" href="${xml(`${origin}${dateUrl(e.date)}`)}"/>
<link rel="enclosure" type="application/pdf" href="${xml(`${origin}${pdfUrl(e.date)}`)}"/>
<author><name>${xml(siteName)}</name></author>
<summary>${e.articles} articles on ${e.pages} pages</summary>
</entry>`,
  );
  return feed({
    id: `${origin}/feeds/editions.atom`,
    title: `${siteName}: new bulletins`,
    self: `${origin}/feeds/editions.atom`,
    alternate: `${origin}/`,
    updated: editions[0]?.ingestedAt ?? now(),
    entries,
  });
}

export function sitemapIndex(origin: string, articleCount: number): string {
  const chunks = Math.max(1, Math.ceil(articleCount / SITEMAP_CHUNK));
  const maps = [
    `${origin}/sitemaps/dates.xml`,
    ...Array.from({ length: chunks }, (_, i) => `${origin}/sitemaps/articles-${i + 1}.xml`),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${maps.map((m) => `<sitemap><loc>${xml(m)}</loc></sitemap>`).join('\n')}
</sitemapindex>
`;
}

export function urlSet(urls: { loc: string; lastmod?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `<url><loc>${xml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`;
}

export function openSearchDescription(origin: string, siteName: string, tagline: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
<ShortName>${xml(siteName.slice(0, 16))}</ShortName>
<LongName>${xml(siteName.slice(0, 48))}</LongName>
<Description>${xml(`Search ${siteName}: ${tagline}`.slice(0, 1024))}</Description>
<InputEncoding>UTF-8</InputEncoding>
<Url type="text/html" template="${xml(origin)}/search?q={searchTerms}&amp;page={startPage?}"/>
<Url type="application/atom+xml" template="${xml(origin)}/search.atom?q={searchTerms}"/>
<Url type="application/json" template="${xml(origin)}/api/v1/search?q={searchTerms}&amp;page={startPage?}"/>
</OpenSearchDescription>
`;
}
