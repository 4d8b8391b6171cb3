/** The demo collection: invented typed bulletins as PDFs with exact ground truth, the same bytes for the same options. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dayOfIso, isoOfDay, parts, weekday } from './calendar.js';
import { type BuiltEdition, buildEdition } from './edition.js';
import { LAYOUTS, type LayoutVariant } from './layouts.js';
import { writeBulletinPdf } from './pdf-writer.js';
import { mixSeed, Rng } from './random.js';
import type { EditionTruth } from './truth.js';

/** What to generate; every field has a default (seed 1923, 120 editions, 1928-1994). */
export interface DemoOptions {
  seed?: number;
  editions?: number;
  fromYear?: number;
  toYear?: number;
}

/** One generated bulletin: its file name, PDF bytes and ground truth. */
export interface DemoBulletin {
  fileName: string;
  pdf: Uint8Array;
  truth: EditionTruth;
}

const DEFAULTS: Required<DemoOptions> = { seed: 1923, editions: 120, fromYear: 1928, toYear: 1994 };

/** `editions` distinct weekdays spread evenly over the years (one per equal share of them), sorted. */
function pickDates(rng: Rng, editions: number, fromYear: number, toYear: number): string[] {
  const weekdays: string[] = [];
  for (let day = dayOfIso(`${fromYear}-01-01`); day <= dayOfIso(`${toYear}-12-31`); day++) {
    const iso = isoOfDay(day);
    const w = weekday(iso);
    if (w !== 0 && w !== 6) weekdays.push(iso);
  }
  if (editions > weekdays.length) {
    throw new RangeError(`${editions} editions do not fit in the weekdays of ${fromYear}-${toYear}`);
  }
  return Array.from({ length: editions }, (_, i) => {
    const lo = Math.floor((i * weekdays.length) / editions);
    const hi = Math.floor(((i + 1) * weekdays.length) / editions) - 1;
    return weekdays[rng.int(lo, hi)]!;
  });
}

/** A layout in use in the year (weighted), or the nearest era's when none is. */
function chooseLayout(rng: Rng, year: number): LayoutVariant {
  const inUse = LAYOUTS.filter((l) => l.from <= year && year <= l.to);
  if (inUse.length > 0) return rng.weighted(inUse.map((l) => [l, l.weight] as const));
  const distance = (l: LayoutVariant) => Math.min(Math.abs(l.from - year), Math.abs(l.to - year));
  return LAYOUTS.reduce((a, b) => (distance(b) < distance(a) ? b : a));
}

/** `1974-12-19.pdf` mostly, sometimes `jta-19741219.pdf` (the agency's code). */
function fileNameOf(rng: Rng, layout: LayoutVariant, date: string): string {
  return rng.chance(0.25)
    ? `${layout.agency.code.toLowerCase()}-${date.replaceAll('-', '')}.pdf`
    : `${date}.pdf`;
}

function resolve(opts: DemoOptions): Required<DemoOptions> {
  const o = { ...DEFAULTS, ...opts };
  if (!Number.isInteger(o.editions) || o.editions < 1)
    throw new RangeError('editions must be a positive integer');
  if (!Number.isInteger(o.fromYear) || !Number.isInteger(o.toYear) || o.fromYear > o.toYear) {
    throw new RangeError('fromYear and toYear must be whole years, fromYear not after toYear');
  }
  return o;
}

/** A bulletin laid out but not yet drawn: its layout variant, line slots per page, and truth. */
export interface PlannedBulletin extends BuiltEdition {
  layout: LayoutVariant;
}

/** Lays out the collection without drawing PDFs (what generateDemoCollection draws; for tests and tools). */
export function planDemoCollection(opts: DemoOptions = {}): PlannedBulletin[] {
  const o = resolve(opts);
  const dates = pickDates(new Rng(mixSeed(o.seed, 0xda7e)), o.editions, o.fromYear, o.toYear);
  return dates.map((date) => {
    // Each edition has its own stream, so one edition's content does not depend on another's.
    const rng = new Rng(mixSeed(o.seed, dayOfIso(date)));
    const layout = chooseLayout(rng, parts(date).y);
    return { layout, ...buildEdition(rng, layout, date, fileNameOf(rng, layout, date)) };
  });
}

/** Generates the collection in memory, deterministically for the same options. */
export async function generateDemoCollection(opts: DemoOptions = {}): Promise<DemoBulletin[]> {
  const out: DemoBulletin[] = [];
  for (const { layout, pages, truth } of planDemoCollection(opts)) {
    const pdf = await writeBulletinPdf(layout, pages, truth.date);
    out.push({ fileName: truth.fileName, pdf, truth });
  }
  return out;
}

/** Writes the PDFs into dir plus `truth.json` (an array of EditionTruth); returns the bulletins. */
export async function writeDemoCollection(dir: string, opts: DemoOptions = {}): Promise<DemoBulletin[]> {
  const bulletins = await generateDemoCollection(opts);
  await mkdir(dir, { recursive: true });
  for (const b of bulletins) await writeFile(join(dir, b.fileName), b.pdf);
  const truth = bulletins.map((b) => b.truth);
  await writeFile(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  return bulletins;
}
