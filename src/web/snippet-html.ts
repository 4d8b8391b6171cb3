/** A search hit's snippet as HTML: for the results page and, as a string, for the API. */
import { MARK_END, MARK_START } from '../store/ports.js';
import { escapeHtml } from './html.js';

/** A snippet as safe HTML: the text escaped, the match markers turned into <mark>. */
export function snippetHtml(snippet: string): string {
  return escapeHtml(snippet).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

/** A snippet for JSON: the same escaped HTML with <mark>s, in a string. */
export function snippetForApi(snippet: string): string {
  return snippetHtml(snippet);
}
