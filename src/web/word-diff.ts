/**
 * Word diffs of article versions for the history pages: what a correction took out and put in, word by
 * word, as <del> and <ins> around escaped text (the `diff` package's word diff, spaces kept as they were).
 */
import { diffWordsWithSpace } from 'diff';
import type { VersionSnapshot } from '../corrections/corrections-types.js';
import { html, type SafeHtml } from './html.js';

/** One run of a diff: kept, taken out or put in. */
export interface DiffPart {
  kind: 'same' | 'del' | 'ins';
  text: string;
}

/** The word-level difference from `before` to `after`, in order. Whitespace runs count as words. */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({
    kind: c.added ? 'ins' : c.removed ? 'del' : 'same',
    text: c.value,
  }));
}

/** Words kept unchanged around a change are shortened to this many on each side in a long text. */
const CONTEXT_WORDS = 12;

/** Kept text between changes, cut to its first words after a change and its last words before the next. */
function shortened(text: string, first: boolean, last: boolean): string {
  const words = [...text.matchAll(/\S+/g)];
  if ((first && last) || words.length <= 2 * CONTEXT_WORDS) return text;
  // The text touching a change keeps its spaces as they were; the cut ends and starts at a word.
  const after = text.slice(0, words[CONTEXT_WORDS - 1]!.index + words[CONTEXT_WORDS - 1]![0].length);
  const before = text.slice(words[words.length - CONTEXT_WORDS]!.index);
  if (first) return `… ${before}`;
  if (last) return `${after} …`;
  return `${after} … ${before}`;
}

/**
 * The diff as HTML: removed words in <del>, added in <ins>, the rest as text. With `context`, long runs of
 * unchanged text are cut to the words near a change (a one-word correction in a long article stays short).
 */
export function diffHtml(parts: DiffPart[], context = false): SafeHtml {
  return html`${parts.map((p, i) => {
    if (p.kind === 'del') return html`<del>${p.text}</del>`;
    if (p.kind === 'ins') return html`<ins>${p.text}</ins>`;
    return context ? shortened(p.text, i === 0, i === parts.length - 1) : p.text;
  })}`;
}

/** Whether a diff changes anything. */
export const changes = (parts: DiffPart[]) => parts.some((p) => p.kind !== 'same');

/** The fields of a version a reader sees named, in the order the edit form has them. */
export const FIELD_NAMES: [keyof VersionSnapshot, string][] = [
  ['kicker', 'Kicker'],
  ['headline', 'Headline'],
  ['byline', 'Byline'],
  ['place', 'Place'],
  ['date', 'Date'],
  ['firstPage', 'First page'],
  ['lastPage', 'Last page'],
];

/** A changed field: its name, and the value before and after ('' for none). */
export interface FieldChange {
  name: string;
  before: string;
  after: string;
}

/** The fields (not the text) that differ between two versions. */
export function fieldChanges(before: VersionSnapshot, after: VersionSnapshot): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [key, name] of FIELD_NAMES) {
    const b = String(before[key] ?? '');
    const a = String(after[key] ?? '');
    if (a !== b) out.push({ name, before: b, after: a });
  }
  return out;
}
