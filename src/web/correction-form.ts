/**
 * The "Fix this text" form as data: what the edit page fills it with, what a POST of it sends, and the
 * correction (only what the reader changed) that goes to the corrections service.
 */

import type { Article } from '../core/types.js';
import type { CorrectionInput } from '../corrections/corrections-types.js';

/** The form's fields as the reader left them (every value a string, as a form sends it). */
export interface EditDraft {
  paragraphs: string[];
  kicker: string;
  headline: string;
  byline: string;
  place: string;
  date: string;
  firstPage: string;
  lastPage: string;
  contributor: string;
  comment: string;
  /** The headline for the new article of a split ('' for the service's choice). */
  splitHeadline: string;
}

/** What the reader asked for with the button they pressed. */
export type EditAction = { kind: 'save' } | { kind: 'split'; paragraph: number } | { kind: 'merge' };

/** Paragraphs of a body: split at blank lines, each trimmed, none empty. */
export function paragraphsOf(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The form filled with the article as it reads now. */
export function draftOf(a: Article): EditDraft {
  return {
    paragraphs: paragraphsOf(a.body),
    kicker: a.kicker ?? '',
    headline: a.headline,
    byline: a.byline ?? '',
    place: a.dateline?.place ?? '',
    date: a.date,
    firstPage: String(a.firstPage),
    lastPage: String(a.lastPage),
    contributor: '',
    comment: '',
    splitHeadline: '',
  };
}

type FormBody = Record<string, string | File | (string | File)[]>;

const one = (v: FormBody[string] | undefined): string => {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
};

/** The draft and the action from a posted form (`parseBody({ all: true })`); a missing field is ''. */
export function readForm(body: FormBody): {
  draft: EditDraft;
  action: EditAction;
  baseVersion: number | null;
} {
  const p = body.p;
  const paragraphs = (Array.isArray(p) ? p : p === undefined ? [] : [p]).map((x) =>
    typeof x === 'string' ? x : '',
  );
  const draft: EditDraft = {
    paragraphs,
    kicker: one(body.kicker),
    headline: one(body.headline),
    byline: one(body.byline),
    place: one(body.place),
    date: one(body.date),
    firstPage: one(body.firstPage),
    lastPage: one(body.lastPage),
    contributor: one(body.contributor),
    comment: one(body.comment),
    splitHeadline: one(body.splitHeadline),
  };
  const split = one(body.split);
  const action: EditAction = /^\d{1,5}$/.test(split)
    ? { kind: 'split', paragraph: Number(split) }
    : one(body.merge) === 'next'
      ? { kind: 'merge' }
      : { kind: 'save' };
  const base = one(body.baseVersion);
  return { draft, action, baseVersion: /^\d{1,9}$/.test(base) ? Number(base) : null };
}

/** The text of a draft as the service takes it: its paragraphs, each in one piece, a blank line between. */
export function textOf(d: EditDraft): string {
  return paragraphsOf(d.paragraphs.join('\n\n')).join('\n\n');
}

/** A page number as typed, or NaN (the service refuses it with a message). */
const pageNumber = (s: string) => (/^\s*\d{1,5}\s*$/.test(s) ? Number(s) : Number.NaN);

/** An optional field: '' clears it (null). */
const optional = (s: string) => (s.trim() ? s.trim() : null);

/**
 * The fields the reader changed from the article as it reads, and nothing else: a correction of one word
 * sends only the text. Empty when nothing changed.
 */
export function changedFields(a: Article, d: EditDraft): CorrectionInput {
  const was = draftOf(a);
  const out: CorrectionInput = {};
  if (textOf(d) !== textOf(was)) out.text = textOf(d);
  if (d.headline.trim() !== was.headline) out.headline = d.headline.trim();
  if (d.kicker.trim() !== was.kicker) out.kicker = optional(d.kicker);
  if (d.byline.trim() !== was.byline) out.byline = optional(d.byline);
  if (d.place.trim() !== was.place) out.place = optional(d.place);
  if (d.date.trim() !== was.date) out.date = d.date.trim();
  if (d.firstPage.trim() !== was.firstPage) out.firstPage = pageNumber(d.firstPage);
  if (d.lastPage.trim() !== was.lastPage) out.lastPage = pageNumber(d.lastPage);
  return out;
}

/** Who and why, as the reader gave them (absent when left empty). */
export function signature(d: EditDraft): Pick<CorrectionInput, 'contributor' | 'comment'> {
  return {
    ...(d.contributor.trim() ? { contributor: d.contributor.trim() } : {}),
    ...(d.comment.trim() ? { comment: d.comment.trim() } : {}),
  };
}
