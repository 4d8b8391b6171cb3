/** The Atom feed (RFC 4287) of readers' recent corrections to the whole archive: one entry a version. */
import type { ChangeKind, RecentChange } from '../corrections/corrections-types.js';
import { feed } from './feeds.js';
import { xml } from './xml.js';

const DONE: Record<ChangeKind, string> = {
  original: 'First read',
  text: 'Text corrected',
  structure: 'Headline or details corrected',
  split: 'Split in two',
  merge: 'Merged with the next article',
  revert: 'Reverted',
};

/** Atom wants whole seconds with a zone; the store's timestamps may carry milliseconds. */
const atomTime = (at: string) => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The feed of `recent` (newest first). Each entry is one version, its id and link the version's own address
 * (which never changes), its author the name the contributor gave or "anonymous".
 */
export function changesFeed(origin: string, siteName: string, recent: RecentChange[]): string {
  const entries = recent.map((r) => {
    const url = `${origin}/article/${r.articleId}/v/${r.version}`;
    const status = r.status === 'live' ? '' : ` (${r.status === 'held' ? 'waiting for review' : r.status})`;
    const summary = `${DONE[r.change]}${status} by ${r.contributor || 'anonymous'}${r.comment ? `: “${r.comment}”` : '.'}`;
    return `<entry>
<id>${xml(url)}</id>
<title>${xml(`${r.headline} — version ${r.version}`)}</title>
<updated>${atomTime(r.at)}</updated>
<link rel="alternate" type="text/html" href="${xml(url)}"/>
<link rel="related" type="text/html" href="${xml(`${origin}/article/${r.articleId}/history#v${r.version}`)}"/>
<author><name>${xml(r.contributor || 'anonymous')}</name></author>
<summary>${xml(summary)}</summary>
</entry>`;
  });
  return feed({
    id: `${origin}/changes.atom`,
    title: `${siteName}: recent corrections`,
    self: `${origin}/changes.atom`,
    alternate: `${origin}/changes`,
    // The newest change's time, not the clock: an unchanged feed is the same bytes (and ETag) each time.
    updated: recent[0] ? atomTime(recent[0].at) : '1970-01-01T00:00:00Z',
    entries,
  });
}
