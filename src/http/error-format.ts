/**
 * The format an error is answered in follows what the route gives: JSON for the API, IIIF and `.json`
 * files, XML for feeds, sitemaps and OAI-PMH, plain text for citation files and images, HTML for pages.
 * A feed reader or a citation manager that gets an HTML page where it asked for its own format shows
 * nothing useful.
 */
import { xml } from '../harvest/xml.js';

export type ErrorFormat = 'json' | 'xml' | 'text' | 'html';

/** The error format of a request path. */
export function errorFormat(path: string): ErrorFormat {
  if (path.startsWith('/api/') || path.startsWith('/iiif/') || path.endsWith('.json')) return 'json';
  if (path === '/oai' || path.endsWith('.atom') || path.endsWith('.xml')) return 'xml';
  if (path.endsWith('.bib') || path.endsWith('.ris') || path.endsWith('.png') || path.endsWith('.pdf'))
    return 'text';
  return 'html';
}

/** An error as a body and content type in a format other than HTML (which the views make). */
export function errorBody(
  format: Exclude<ErrorFormat, 'html'>,
  code: string,
  message: string,
): { body: string; type: string } {
  if (format === 'json')
    return { body: JSON.stringify({ error: { code, message } }), type: 'application/json; charset=utf-8' };
  if (format === 'xml')
    return {
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<error code="${xml(code)}">${xml(message)}</error>\n`,
      type: 'application/xml; charset=utf-8',
    };
  return { body: `${code}: ${message}\n`, type: 'text/plain; charset=utf-8' };
}
