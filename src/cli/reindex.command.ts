/** `dateline reindex [--data DIR | --db URL] [--lists-only]`: rebuilds the full-text index and the top-k lists. */
import { hasTopK } from '../search/top-k.js';
import { archiveOptionHelp, archiveOptions, openArchiveFromFlags } from './archive-flags.js';
import { commandSpec, parseCommand } from './command-spec.js';
import { createProgress } from './progress.js';

export const reindexSpec = commandSpec({
  name: 'reindex',
  args: '',
  about: `Rebuilds the full-text index from the articles, then the top-k lists of common words: every list
already made, and lists for the most frequent words ahead of their first search (DATELINE_TOPK_PREBUILD,
default 100). Searches keep working meanwhile; lists are otherwise made and kept up by searches.`,
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
    if (hasTopK(index)) {
      const progress = createProgress(process.stderr, 'top-k lists');
      lists = await index.rebuildTopK((done, total, term) => progress.update(done, total, term));
      progress.finish();
    }
    process.stdout.write(
      `${values['lists-only'] ? 'Rebuilt' : 'Rebuilt the full-text index and'} ${lists} top-k list${lists === 1 ? '' : 's'}.\n`,
    );
    return 0;
  } finally {
    await archive.close();
  }
}
