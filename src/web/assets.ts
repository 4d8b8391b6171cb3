/** Static assets (the stylesheet, the reader's script), served under content-hashed names so they can be cached for good. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const read = (file: string) => readFileSync(new URL(`./assets/${file}`, import.meta.url), 'utf8');
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

// One stylesheet in three files: the site, the reader's scan and page viewer (reader.css), and readers'
// corrections: the edit form, the history's diffs (corrections.css).
const css = `${read('site.css')}\n${read('reader.css')}\n${read('corrections.css')}`;

export const stylesheet = { path: `/assets/site.${hashOf(css)}.css`, body: css };

/**
 * The one script: zoom and pan in the page viewer, "next match", the scan and filter toggles at phone width
 * (assets/reader.js). Every page works without it; the CSP lets only this origin's files run.
 */
const js = read('reader.js');
export const script = { path: `/assets/reader.${hashOf(js)}.js`, body: js };

/**
 * Editing in place on the article page (assets/corrections.js): "Fix this text" opens the text there and
 * saves it through the JSON API. Loaded only by the article page; without it the link opens the edit form.
 */
const correctionsJs = read('corrections.js');
export const correctionsScript = {
  path: `/assets/corrections.${hashOf(correctionsJs)}.js`,
  body: correctionsJs,
};

const LOGO_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
  webp: 'image/webp',
};

const logos = new Map<string, { path: string; body: Buffer; type: string }>();

/** The configured logo as a content-hashed asset, or null when none is configured. */
export function logoAsset(file: string): { path: string; body: Buffer; type: string } | null {
  if (!file) return null;
  const known = logos.get(file);
  if (known) return known;
  const body = readFileSync(file);
  const ext = file.split('.').pop()!.toLowerCase();
  const h = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const asset = {
    path: `/assets/logo.${h}.${ext}`,
    body,
    type: LOGO_TYPES[ext] ?? 'application/octet-stream',
  };
  logos.set(file, asset);
  return asset;
}
