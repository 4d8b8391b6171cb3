/** Static assets (the stylesheet), served under content-hashed names so they can be cached for good. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('./assets/site.css', import.meta.url), 'utf8');
const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);

export const stylesheet = { path: `/assets/site.${hash}.css`, body: css };
