/**
 * The "Fix this text" page: the article's text a paragraph to a box, beside its scan, with its headline and
 * details, split and merge, and who and why. A plain form posted to /article/ID/edit: no script needed.
 */
import type { SiteConfig } from '../../config/site-config.js';
import { longDate, mediumDate } from '../../core/dates.js';
import type { Article, Page } from '../../core/types.js';
import type { ArticleSummary } from '../../store/ports.js';
import { type EditDraft, textOf } from '../correction-form.js';
import { html, raw, type SafeHtml } from '../html.js';
import { articleUrl, editUrl, historyUrl } from '../urls.js';
import { changes, diffHtml, wordDiff } from '../word-diff.js';
import { scanSection } from './article-scan.view.js';
import { page } from './layout.js';

/** Why the form came back, shown above it. */
export interface EditMessage {
  /** error: fix and send again; conflict: the article changed meanwhile; wait: too many at once. */
  kind: 'error' | 'conflict' | 'wait';
  text: string;
}

export interface EditModel {
  article: Article;
  /** The version the form starts from (sent back as baseVersion). */
  version: number;
  pages: Page[];
  titleName: string;
  /** The next article of the bulletin, which "merge" joins to this one. */
  next: ArticleSummary | null;
  locked: boolean;
  /** The form's values: the article's own, or what the reader sent when the form comes back. */
  draft: EditDraft;
  message?: EditMessage;
  /** After a conflict: the article as it reads now, set beside the reader's text (theirs kept in the form). */
  current?: { version: number; contributor: string; at: string; text: string };
}

function field(
  name: keyof EditDraft,
  label: string,
  value: string,
  o: { hint?: string; type?: string; attrs?: string } = {},
): SafeHtml {
  const hint = o.hint ? html`<span class="hint" id="ed-${name}-hint">${o.hint}</span>` : '';
  return html`<div class="field">
  <label for="ed-${name}">${label}</label>
  <input id="ed-${name}" type="${o.type ?? 'text'}" name="${name}" value="${value}"${o.hint ? raw(` aria-describedby="ed-${name}-hint"`) : ''}${raw(o.attrs ? ` ${o.attrs}` : '')}>
  ${hint}
</div>`;
}

/** Rows of a box for a paragraph: enough to show it whole at the form's width, within reason. */
const rowsFor = (p: string) => Math.min(20, Math.max(3, Math.ceil(p.length / 60) + 1));

function paragraphBox(p: string, i: number, count: number, locked: boolean): SafeHtml {
  const split =
    i > 0 && !locked
      ? html`<button type="submit" class="secondary" name="split" value="${String(i)}" formnovalidate>Split the article here: a new article starts with paragraph ${String(i + 1)}</button>`
      : '';
  return html`<div class="para-edit" id="para-${String(i + 1)}">
  <label for="ed-p-${String(i + 1)}">Paragraph ${String(i + 1)} of ${String(count)}</label>
  <textarea id="ed-p-${String(i + 1)}" name="p" rows="${String(rowsFor(p))}" spellcheck="true"${raw(locked ? ' readonly' : '')}>${p}</textarea>
  ${split}
</div>`;
}

function messageBox(m: EditMessage): SafeHtml {
  const lead =
    m.kind === 'conflict'
      ? 'Someone changed this article while you were editing it.'
      : m.kind === 'wait'
        ? 'Not saved yet: too many corrections in a short time.'
        : 'Not saved.';
  return html`<div class="notice ${m.kind === 'error' ? 'error' : 'warning'}" role="alert"><p><strong>${lead}</strong> ${m.text}</p></div>`;
}

/** After a conflict: the text as it now reads, and what the reader's text would change in it. */
function conflictBox(current: NonNullable<EditModel['current']>, yours: string): SafeHtml {
  const diff = wordDiff(current.text, yours);
  return html`<section class="conflict" aria-labelledby="conflict-h">
  <h2 id="conflict-h">The text as it now reads (version ${String(current.version)}, by ${current.contributor}, ${mediumDate(current.at.slice(0, 10))})</h2>
  <div class="diff-text">${changes(diff) ? diffHtml(diff, true) : current.text}</div>
  <p class="hint">Above, <del>struck</del> words are in the text now and not in yours; <ins>underlined</ins> words are yours. Your text is still in the form below: compare, change it if you need to, and save again (it will replace version ${String(current.version)}).</p>
</section>`;
}

/** The edit page. */
export function editView(site: SiteConfig, m: EditModel): string {
  const a = m.article;
  const d = m.draft;
  const paras = d.paragraphs.length ? d.paragraphs : [''];
  const locked = m.locked;
  const body = html`<div class="article-layout">
<div class="measure edit-page">
  <p class="kicker">Fix this text</p>
  <h1>${a.headline}</h1>
  <p class="meta">${m.titleName}, <time datetime="${a.date}">${longDate(a.date)}</time> · <a href="${articleUrl(a.slug)}">Back to the article</a> · <a href="${historyUrl(a.id)}">Its history</a></p>
  ${m.message ? messageBox(m.message) : ''}
  ${m.current ? conflictBox(m.current, textOf(d)) : ''}
  ${
    locked
      ? html`<div class="notice warning" role="status"><p><strong>This article is locked:</strong> an administrator has closed it to corrections for now. You can still read its <a href="${historyUrl(a.id)}">history</a>.</p></div>`
      : html`<p class="hint">The text was read from the scan by machine. Correct it to what the scan shows, a paragraph to a box (a blank line inside a box makes two paragraphs; an empty box drops one). Every change is kept as a new version in the <a href="${historyUrl(a.id)}">public history</a>, with the name you give (or “anonymous”); the text as first read stays searchable.</p>`
  }
  <form class="edit" method="post" action="${editUrl(a.id)}">
    <input type="hidden" name="baseVersion" value="${String(m.version)}">
    <fieldset class="text-edit"><legend>Text</legend>
      ${paras.map((p, i) => paragraphBox(p, i, paras.length, locked))}
      ${locked ? '' : field('splitHeadline', 'Headline of the new article, when you split', d.splitHeadline, { hint: 'Leave empty to take the first words of its first paragraph.' })}
    </fieldset>
    <fieldset><legend>Headline and details</legend>
      ${field('kicker', 'Kicker (the line over the headline)', d.kicker)}
      ${field('headline', 'Headline', d.headline, { attrs: 'required' })}
      ${field('byline', 'Byline', d.byline, { hint: 'For example: By Ben Gallob' })}
      ${field('place', 'Place in the dateline', d.place, { hint: 'For example: WASHINGTON' })}
      ${field('date', 'Date of the bulletin', d.date, { type: 'date', hint: 'The article moves to that date’s bulletin.' })}
      <div class="pages">
        ${field('firstPage', 'First page', d.firstPage, { type: 'number', attrs: 'min="1" inputmode="numeric"' })}
        ${field('lastPage', 'Last page', d.lastPage, { type: 'number', attrs: 'min="1" inputmode="numeric"' })}
      </div>
    </fieldset>
    <fieldset><legend>About your change</legend>
      ${field('contributor', 'Your name (optional)', d.contributor, { hint: 'Shown in the history; leave empty to be “anonymous”.', attrs: 'autocomplete="name" maxlength="100"' })}
      ${field('comment', 'What you changed and why (optional)', d.comment, { attrs: 'maxlength="500"' })}
    </fieldset>
    ${
      locked
        ? ''
        : html`<div class="actions">
      <button type="submit" name="save" value="1">Save the correction</button>
      ${m.next ? html`<button type="submit" class="secondary" name="merge" value="next" formnovalidate>Merge with the next article, “${m.next.headline}”</button>` : ''}
      <a class="button-link" href="${articleUrl(a.slug)}">Cancel</a>
    </div>`
    }
  </form>
</div>
${scanSection(a, m.pages, '', m.titleName)}
</div>`;
  return page({
    title: `Fix the text of “${a.headline}”`,
    site,
    body,
    head: html`<meta name="robots" content="noindex">`,
  });
}

/** The answer to a form sent from elsewhere (cross-site request forgery refused): why, and where to go. */
export function editRefusedView(site: SiteConfig, reason: string, id: string): string {
  return page({
    title: 'Not saved',
    site,
    body: html`<div class="measure"><h1>Not saved</h1><p>${reason}</p><p><a href="${editUrl(id)}">Open the “Fix this text” page</a> and make the correction there.</p></div>`,
  });
}
