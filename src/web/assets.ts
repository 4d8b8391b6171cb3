/** Static assets (the stylesheet), served under content-hashed names so they can be cached for good. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('./assets/site.css', import.meta.url), 'utf8');
const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);

export const stylesheet = { path: `/assets/site.${hash}.css`, body: css };

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
