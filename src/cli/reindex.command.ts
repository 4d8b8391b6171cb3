/** `dateline reindex [--data DIR | --db URL] [--lists-only]`: rebuilds the full-text index and the top-k lists. */
import { hasTopK } from '../search/top-k.js';
import { archiveOptionHelp, archiveOptions, openArchiveFromFlags } from './archive-flags.js';
import { commandSpec, parseCommand } from './command-spec.js';
import { createProgress } from './progress.js';

export const reindexSpec = commandSpec({
  name: 'reindex',
  args: '',
  about: `Rebuilds the full-text index from the articles, then the top-k lists of common words: a list for every
word in more than 0.5 % of the articles (up to the DATELINE_TOPK_PREBUILD most frequent, default 5000), so
that a word's first search reads its list, and every stale list already made. Each list is written on its
own: interrupted, run it again and it goes on where it stopped (lists already current are left as they are).
Searches and ingests keep working meanwhile.`,
  options: { ...archiveOptions, 'lists-only': { type: 'boolean', default: false } },
  help: { ...archiveOptionHelp, 'lists-only': ['', 'rebuild the top-k lists only, not the full-text index'] },
  examples: ['reindex --data ./data', 'reindex --lists-only --db postgres://localhost/archive'],
});

/** Exits 0 when the index and the lists were rebuilt. */
export async function reindexCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(reindexSpec, args);
  if (!parsed) return 0;
  const { values } = parsed;
  const archive = await openArchiveFromFlags(values);
  try {
    const { index } = archive;
    if (!values['lists-only']) {
      process.stderr.write('Rebuilding the full-text index…\n');
      // The index alone: its lists are rebuilt next, with progress.
      await (hasTopK(index) ? index.withTopK(null) : index).rebuild();
    }
    let lists = 0;
    let current = 0;
    if (hasTopK(index)) {
      const progress = createProgress(process.stderr, 'top-k lists');
      // PostgreSQL reads every article once for the frequent words' lists before the lists one at a time.
      let reading: ReturnType<typeof createProgress> | null = null;
      const started = performance.now();
      const done = await index.rebuildTopK(
        (n, total, term) => {
          reading?.finish();
          reading = null;
          progress.update(n, total, term);
        },
        (n, total) => {
          reading ??= createProgress(process.stderr, 'articles read for the word lists');
          reading.update(n, total);
        },
      );
      progress.finish();
      lists = done.made;
      current = done.current;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(
        `top-k lists: ${done.made} made, ${done.current} already current, of ${done.terms} (${seconds} s)\n`,
      );
    }
    process.stdout.write(
      `${values['lists-only'] ? 'Rebuilt' : 'Rebuilt the full-text index and'} ${lists} top-k list${lists === 1 ? '' : 's'}${current ? ` (${current} already current)` : ''}.\n`,
    );
    return 0;
  } finally {
    await archive.close();
  }
}
