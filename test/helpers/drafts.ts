/** A segmenter's piece for unit tests of what follows segmentation (notices, advertisements). */
import type { ArticleDraft } from '../../src/core/types.js';

/** A piece with no dateline on one page, its region stacked by its ordinal; `extra` sets any other field. */
export const piece = (
  ordinal: number,
  headlinePrinted: string,
  body: string,
  page = 3,
  extra: Partial<ArticleDraft> = {},
): ArticleDraft => ({
  ordinal,
  headlinePrinted,
  headline: headlinePrinted,
  kicker: null,
  byline: null,
  dateline: null,
  body,
  firstPage: page,
  lastPage: page,
  references: [],
  regions: [{ page, x: 10, y: ordinal * 50, w: 100, h: 40 }],
  ...extra,
});
