/** Citation files of an article (BibTeX, RIS, CSL-JSON), as it reads now or at one of its versions. */
import { Hono } from 'hono';
import type { Archive } from '../app.js';
import { citableArticle, citationFile } from '../cite/citation.js';
import { ArchiveError } from '../core/errors.js';
import { originOf } from '../http/public-url.js';
import { currentVersion } from './corrections.routes.js';
import { versionUrl } from './urls.js';
import { citable } from './views/article.view.js';

export function citeRoutes(archive: Archive): Hono {
  const web = new Hono();
  const { store, config: site } = archive;
  const titleName = async (editionId: number) => {
    const e = await store.getEditionById(editionId);
    return (e && (await store.getTitle(e.titleId))?.name) || site.titleName;
  };

  // example: /cite/19440919-hz8y8y.bib (also .ris, .json); ?v=2 cites version 2 of a corrected article
  web.get('/cite/:file{[0-9]{8}-[0-9a-z]{6}\\.(?:bib|ris|json)}', async (c) => {
    const [id, ext] = c.req.param('file').split('.') as [string, string];
    const article = await store.getArticle(id);
    if (!article) throw new ArchiveError('NOT_FOUND', `No article has the id "${id}".`);
    const history = await archive.corrections.history(id);
    const asked = c.req.query('v');
    const v = asked === undefined ? null : history.find((h) => String(h.version) === asked);
    if (v === undefined)
      throw new ArchiveError(
        'NOT_FOUND',
        `Article ${id} has versions 1 to ${history[0]?.version ?? 1}; there is no version "${asked}". Leave out ?v= to cite the article as it reads now.`,
      );
    const origin = originOf(c);
    const container = await titleName(article.editionId);
    const cite = v
      ? citableArticle(
          { id, ...v.snapshot },
          { url: `${origin}${versionUrl(id, v.version)}`, container, archive: site.name, version: v.version },
        )
      : citable(
          {
            article,
            origin,
            titleName: container,
            version: history.length > 1 ? currentVersion(history) : null,
          },
          site,
        );
    const name = v ? `${id}-v${v.version}` : id;
    const { type, body } = citationFile(ext as 'bib' | 'ris' | 'json', [cite]);
    return c.body(body, 200, {
      'Content-Type': `${type}; charset=utf-8`,
      'Content-Disposition': `attachment; filename="${name}.${ext}"`,
    });
  });

  return web;
}
