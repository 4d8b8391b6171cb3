/** An article's fields as the JSON API and the JSON Lines export both give them, built in one place. */
import type { Article } from '../core/types.js';
import { articleUrl } from '../web/urls.js';

/** The article's own fields; `origin` before its URL makes it absolute (the export's lines stand alone). */
export function articleJson(a: Article, origin = '') {
  return {
    id: a.id,
    url: `${origin}${articleUrl(a.slug)}`,
    headline: a.headline,
    headlinePrinted: a.headlinePrinted,
    kicker: a.kicker,
    byline: a.byline,
    credit: a.credit,
    dateline: a.dateline,
    date: a.date,
    pages: [a.firstPage, a.lastPage],
    parts: a.parts?.map((p) => [p.firstPage, p.lastPage]) ?? null,
    regions: a.regions,
    kind: a.kind,
    wordCount: a.wordCount,
    text: a.body,
  };
}
