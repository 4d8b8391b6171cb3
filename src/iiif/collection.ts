/**
 * The IIIF Presentation 3 Collection of every bulletin: a top Collection of years, each year a Collection of
 * its bulletins' manifests in date order, so no one document grows with the whole archive.
 */
import { longDate } from '../core/dates.js';
import type { EditionSummary } from '../store/ports.js';
import { collectionId, iiifBase, yearCollectionId } from './iiif.js';

const CONTEXT = 'http://iiif.io/api/presentation/3/context.json';

/** The top Collection: one Collection per year that has bulletins, oldest first. */
export function archiveCollection(
  origin: string,
  siteName: string,
  titleName: string,
  years: { year: number; editions: number }[],
) {
  return {
    '@context': CONTEXT,
    id: collectionId(origin),
    type: 'Collection',
    label: { en: [`${titleName}: every bulletin`] },
    summary: { en: [`${years.reduce((n, y) => n + y.editions, 0)} bulletins in ${years.length} years`] },
    requiredStatement: { label: { en: ['Provided by'] }, value: { en: [siteName] } },
    homepage: [{ id: `${origin}/`, type: 'Text', label: { en: [siteName] }, format: 'text/html' }],
    items: years.map((y) => ({
      id: yearCollectionId(origin, y.year),
      type: 'Collection',
      label: { en: [`${titleName}, ${y.year} (${y.editions} bulletins)`] },
    })),
  };
}

/** One year's Collection: a Manifest per bulletin, with its date as navDate. */
export function yearCollection(
  origin: string,
  siteName: string,
  titleName: string,
  year: number,
  editions: EditionSummary[],
) {
  return {
    '@context': CONTEXT,
    id: yearCollectionId(origin, year),
    type: 'Collection',
    label: { en: [`${titleName}, ${year}`] },
    requiredStatement: { label: { en: ['Provided by'] }, value: { en: [siteName] } },
    homepage: [{ id: `${origin}/${year}`, type: 'Text', label: { en: [String(year)] }, format: 'text/html' }],
    partOf: [{ id: collectionId(origin), type: 'Collection' }],
    items: editions.map((e) => ({
      id: `${iiifBase(origin, e.date)}/manifest.json`,
      type: 'Manifest',
      label: { en: [`${titleName}, ${longDate(e.date)}`] },
      navDate: `${e.date}T00:00:00Z`,
    })),
  };
}
