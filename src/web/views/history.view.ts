/**
 * The public record of readers' corrections: an article's history (every version, newest first, with who,
 * when, what changed as a word diff), one version as it read (citable at its own address), and the recent
 * changes of the whole archive.
 */

import { apa, type Citable, chicago, mla } from '../../cite/citation.js';
import type { SiteConfig } from '../../config/site-config.js';
import { longDate, mediumDate } from '../../core/dates.js';
import type {
  ArticleVersion,
  ChangeKind,
  RecentChange,
  VersionSnapshot,
  VersionStatus,
} from '../../corrections/corrections-types.js';
import { html, type SafeHtml } from '../html.js';
import { articleUrl, dateUrl, editUrl, historyUrl, versionUrl } from '../urls.js';
import { changes, diffHtml, fieldChanges, wordDiff } from '../word-diff.js';
import { page } from './layout.js';

const CHANGE: Record<ChangeKind, string> = {
  original: 'First reading, by machine',
  text: 'Text corrected',
  structure: 'Headline or details corrected',
  split: 'Split in two',
  merge: 'Merged with the next article',
  revert: 'Reverted',
};

const STATUS: Record<VersionStatus, string> = {
  live: '',
  held: 'waiting for review',
  rejected: 'rejected by an administrator',
  reverted: 'reverted',
};

/** "Text corrected", "Reverted to version 2", "Split in two (the new article: …)". */
function changeLabel(v: Pick<ArticleVersion, 'change' | 'refersTo'>): SafeHtml {
  const label = CHANGE[v.change];
  if (!v.refersTo) return html`${label}`;
  if (v.change === 'revert') return html`${label} to version ${v.refersTo}`;
  if (v.change === 'split' || v.change === 'merge')
    return html`${label} (the other article: <a href="${articleUrl(v.refersTo)}">${v.refersTo}</a>)`;
  return html`${label}`;
}

/** A status as a marked word after the change, or nothing for a version in force. */
function statusBadge(s: VersionStatus): SafeHtml {
  return STATUS[s] ? html` <span class="status status-${s}">${STATUS[s]}</span>` : html``;
}

/** "3 December 2026, 14:05 UTC" for an ISO timestamp. */
function when(at: string): SafeHtml {
  const time = at.slice(11, 16);
  return html`<time datetime="${at}">${longDate(at.slice(0, 10))}${time ? `, ${time} UTC` : ''}</time>`;
}

/** The version a version changed: the one before it that was ever in force (held and rejected ones never were). */
export function baseOf(versions: ArticleVersion[], v: ArticleVersion): ArticleVersion | null {
  return (
    versions
      .filter((o) => o.version < v.version && o.status !== 'held' && o.status !== 'rejected')
      .sort((a, b) => b.version - a.version)[0] ?? null
  );
}

/** What a version changed from `before`: the fields in a table, the text as a word diff. */
export function versionDiff(before: VersionSnapshot, after: VersionSnapshot): SafeHtml {
  const fields = fieldChanges(before, after);
  const text = wordDiff(before.body, after.body);
  const table = fields.length
    ? html`<table class="field-changes"><caption>Details changed</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
<tbody>${fields.map((f) => html`<tr><th scope="row">${f.name}</th><td>${f.before ? html`<del>${f.before}</del>` : html`<span class="none">(none)</span>`}</td><td>${f.after ? html`<ins>${f.after}</ins>` : html`<span class="none">(none)</span>`}</td></tr>`)}</tbody>
</table>`
    : '';
  const body = changes(text)
    ? html`<div class="diff-text" aria-label="The text's changes: struck words taken out, underlined words put in">${diffHtml(text, true)}</div>`
    : '';
  if (!table && !body) return html`<p class="meta">No change to the text or the details.</p>`;
  return html`${table}${body}`;
}

export interface HistoryModel {
  articleId: string;
  /** The article's current headline and address; null when the article is gone (merged into another). */
  current: { headline: string; slug: string } | null;
  /** Newest first. */
  versions: ArticleVersion[];
  /** For an article that is gone: the one it was merged into, when there is one. */
  mergedInto?: { headline: string; slug: string } | null;
}

function versionItem(m: HistoryModel, v: ArticleVersion, isCurrent: boolean): SafeHtml {
  const base = baseOf(m.versions, v);
  return html`<li class="version status-${v.status}" id="v${String(v.version)}">
  <h2><a href="${versionUrl(m.articleId, v.version)}">Version ${String(v.version)}</a>${isCurrent ? html` <span class="status status-current">current</span>` : ''}${statusBadge(v.status)}</h2>
  <p class="meta">${changeLabel(v)}${v.change === 'original' ? '' : ` · by ${v.contributor || 'anonymous'}`} · ${when(v.at)}</p>
  ${v.comment ? html`<p class="comment">“${v.comment}”</p>` : ''}
  ${
    v.change === 'original' || !base
      ? html`<p class="meta">The text as the machine read it from the scan.</p>`
      : html`<details class="diff"${v.version === m.versions[0]?.version ? html` open` : ''}><summary>What changed from version ${String(base.version)}</summary>${versionDiff(base.snapshot, v.snapshot)}</details>`
  }
</li>`;
}

/** An article's history page. */
export function historyView(site: SiteConfig, m: HistoryModel): string {
  // A gone article has no current version, only its record.
  const live = m.current ? m.versions.find((v) => v.status === 'live') : undefined;
  const headline = m.current?.headline ?? m.versions[0]?.snapshot.headline ?? m.articleId;
  const held = m.versions.filter((v) => v.status === 'held').length;
  const body = html`<div class="measure history">
<p class="kicker">History</p>
<h1>${headline}</h1>
<p class="meta">${
    m.current
      ? html`<a href="${articleUrl(m.current.slug)}">Read the article</a> · <a href="${editUrl(m.articleId)}">Fix this text</a>`
      : html`This article is no longer in the archive on its own: it was merged into ${m.mergedInto ? html`<a href="${articleUrl(m.mergedInto.slug)}">${m.mergedInto.headline}</a>` : 'another'}. Its versions stay readable here.`
  } · <a href="/changes">Recent changes in the archive</a></p>
<p>${m.versions.length === 1 ? 'One version' : `${m.versions.length} versions`}, newest first. Every version stays readable and citable at its own address.${held ? ` ${held === 1 ? 'One waits' : `${held} wait`} for an administrator’s review before it is shown.` : ''}</p>
<ol class="versions" reversed>${m.versions.map((v) => versionItem(m, v, v === live))}</ol>
</div>`;
  return page({ title: `History of “${headline}”`, site, body });
}

export interface VersionModel {
  articleId: string;
  version: ArticleVersion;
  /** The newest version in force, and the article's address; null when the article is gone. */
  current: { version: number; slug: string } | null;
  titleName: string;
  /** The version as a citation source (its `url` is the version's own address). */
  cite: Citable;
}

/** One version of an article, as it read. */
export function versionView(site: SiteConfig, m: VersionModel): string {
  const v = m.version;
  const s = v.snapshot;
  const n = v.version;
  const isCurrent = m.current?.version === n;
  const state =
    v.status === 'held'
      ? 'It is waiting for an administrator’s review and is not yet shown on the article.'
      : v.status === 'rejected'
        ? 'An administrator rejected it; it was never shown on the article.'
        : v.status === 'reverted'
          ? 'It was reverted.'
          : '';
  const by = v.change === 'original' ? '' : `, by ${v.contributor || 'anonymous'}`;
  const banner = html`<div class="notice ${isCurrent ? 'info' : 'warning'}" role="note"><p>This is <strong>version ${String(n)}</strong> of the article: ${changeLabel(v)}${by}, ${when(v.at)}. ${state} ${
    m.current
      ? isCurrent
        ? html`It is the current version: <a href="${articleUrl(m.current.slug)}">read the article</a>.`
        : html`The current version is ${String(m.current.version)}: <a href="${articleUrl(m.current.slug)}">read it</a>.`
      : ''
  } <a href="${historyUrl(m.articleId)}">The whole history</a>.</p></div>`;
  const body = html`<div class="measure">
<article aria-labelledby="headline">
  ${banner}
  ${s.kicker ? html`<p class="kicker">${s.kicker}</p>` : ''}
  <h1 id="headline">${s.headline}</h1>
  <p class="meta"><a href="${dateUrl(s.date)}">${m.titleName}, <time datetime="${s.date}">${longDate(s.date)}</time></a> · ${s.firstPage === s.lastPage ? `page ${s.firstPage}` : `pages ${s.firstPage}–${s.lastPage}`}</p>
  ${s.byline ? html`<p class="byline">${s.byline}</p>` : ''}
  <div class="text">${s.body
    .split(/\n\s*\n/)
    .map((p, i) =>
      i === 0 && s.place ? html`<p><span class="dateline">${s.place}</span> — ${p}</p>` : html`<p>${p}</p>`,
    )}</div>
  ${v.comment ? html`<p class="comment">The contributor’s note: “${v.comment}”</p>` : ''}
  <section class="cite" aria-labelledby="cite-h">
    <h2 id="cite-h">Cite this version</h2>
    <dl>
      <dt>Chicago</dt><dd>${chicago(m.cite)}</dd>
      <dt>MLA</dt><dd>${mla(m.cite)}</dd>
      <dt>APA</dt><dd>${apa(m.cite)}</dd>
    </dl>
    <p>Download: <a href="/cite/${m.articleId}.bib?v=${String(n)}" download>BibTeX</a> · <a href="/cite/${m.articleId}.ris?v=${String(n)}" download>RIS</a> · <a href="/cite/${m.articleId}.json?v=${String(n)}" download>CSL-JSON</a></p>
  </section>
</article>
</div>`;
  return page({
    title: `${s.headline} (version ${n})`,
    site,
    body,
    head: html`<link rel="canonical" href="${m.cite.url}">${isCurrent ? '' : html`<meta name="robots" content="noindex">`}`,
  });
}

/** The archive's recent changes page. */
export function changesView(site: SiteConfig, recent: RecentChange[]): string {
  const body = html`<div class="measure">
<h1>Recent changes</h1>
<p>Readers’ corrections to the archive, newest first. Each links to the article’s history, where every version can be read and compared. <a href="/changes.atom" type="application/atom+xml">Follow them in a feed reader</a>.</p>
${
  recent.length
    ? html`<ol class="changes">${recent.map(
        (r) => html`<li>
  <a href="${historyUrl(r.articleId)}#v${String(r.version)}">${r.headline}</a>, version ${String(r.version)}${statusBadge(r.status)}
  <span class="meta">${CHANGE[r.change]} · by ${r.contributor || 'anonymous'} · <time datetime="${r.at}">${mediumDate(r.at.slice(0, 10))}</time></span>
  ${r.comment ? html`<span class="comment">“${r.comment}”</span>` : ''}
</li>`,
      )}</ol>`
    : html`<p>No corrections yet. Every article has a “Fix this text” link.</p>`
}
</div>`;
  return page({
    title: 'Recent changes',
    site,
    body,
    head: html`<link rel="alternate" type="application/atom+xml" href="/changes.atom" title="Recent changes">`,
  });
}
