/**
 * Typeset demo bulletins: small multi-column dailies of the 1920s and 1930s (nameplate, folio line between
 * rules, three columns mostly, decked headlines, credit lines, front-page stories continued on a later page),
 * drawn with pdf-lib's standard Times fonts, with exact ground truth; the same bytes for the same options.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, rgb, StandardFonts, setWordSpacing } from 'pdf-lib';
import { dayOfIso, isoOfDay, longDate, parts, weekday } from '../calendar.js';
import type { DemoBulletin } from '../generator.js';
import { Rng } from '../random.js';
import { bulletinSeed, layoutBulletin, type TypesetPage } from './bulletin.js';
import type { Fonts } from './layout.js';
import { typesetScan } from './scan.js';
import { chooseStyle, NAMEPLATES } from './style.js';

export { type TypesetScanOptions, typesetScan } from './scan.js';

export interface TypesetOptions {
  /** Default 1933. */
  seed?: number;
  /** How many bulletins (default 4). */
  count?: number;
}

/** `count` weekdays (Monday to Friday) of 1928-1939, one in each equal share of them, in order. */
function pickDates(rng: Rng, count: number): string[] {
  const days: string[] = [];
  for (let d = dayOfIso('1928-01-01'); d <= dayOfIso('1939-12-31'); d++) {
    const w = weekday(isoOfDay(d));
    if (w >= 1 && w <= 5) days.push(isoOfDay(d));
  }
  return Array.from({ length: count }, (_, i) => {
    const lo = Math.floor((i * days.length) / count);
    const hi = Math.floor(((i + 1) * days.length) / count) - 1;
    return days[rng.int(lo, hi)]!;
  });
}

/** Draws laid-out pages into `doc` with its embedded fonts: one drawText per line, word spacing as set. */
function draw(doc: PDFDocument, fonts: Fonts, pages: TypesetPage[]): void {
  for (const pg of pages) {
    const page = doc.addPage([pg.width, pg.height]);
    let spacing = 0;
    for (const op of pg.ops) {
      if (op.kind === 'rule') {
        page.drawLine({
          start: { x: op.x1, y: pg.height - op.y1 },
          end: { x: op.x2, y: pg.height - op.y2 },
          thickness: op.width,
          color: rgb(0, 0, 0),
        });
        continue;
      }
      if (op.spacing !== spacing) {
        page.pushOperators(setWordSpacing(op.spacing));
        spacing = op.spacing;
      }
      page.drawText(op.text, { x: op.x, y: pg.height - op.y, size: op.size, font: fonts[op.font] });
    }
  }
}

/** Generates typeset bulletins in memory with their truth, deterministically for the same options. */
export async function generateTypesetBulletins(opts: TypesetOptions = {}): Promise<DemoBulletin[]> {
  const seed = opts.seed ?? 1933;
  const count = opts.count ?? 4;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  const dates = pickDates(new Rng(bulletinSeed(seed, -1)), count);
  const out: DemoBulletin[] = [];
  for (const [i, date] of dates.entries()) {
    const rng = new Rng(bulletinSeed(seed, i));
    const plate = rng.pick(NAMEPLATES);
    const { style, pages: pageCount } = chooseStyle(rng);
    const doc = await PDFDocument.create({ updateMetadata: false });
    const { y, m, d } = parts(date);
    const stamp = new Date(Date.UTC(y, m - 1, d, 17, 30, 0));
    doc.setCreationDate(stamp);
    doc.setModificationDate(stamp);
    doc.setProducer('Dateline demo generator');
    doc.setCreator('Dateline demo generator (typeset)');
    doc.setTitle(`${plate.runningName}, ${longDate(date)}`);
    const fonts: Fonts = {
      roman: await doc.embedFont(StandardFonts.TimesRoman),
      bold: await doc.embedFont(StandardFonts.TimesRomanBold),
      italic: await doc.embedFont(StandardFonts.TimesRomanItalic),
      boldItalic: await doc.embedFont(StandardFonts.TimesRomanBoldItalic),
    };
    const fileName = `${plate.code}-${date.replaceAll('-', '')}.pdf`;
    const { pages, truth } = layoutBulletin(rng, style, fonts, plate, date, pageCount, fileName);
    draw(doc, fonts, pages);
    out.push({ fileName, pdf: await doc.save(), truth });
  }
  return out;
}

/**
 * Writes the bulletins into `dir`, each with a web copy at 240 ppi (`-scan240.pdf`), and `truth.json` (an array
 * of EditionTruth, the scans' truth being their originals'); returns the bulletins.
 */
export async function writeTypesetBulletins(dir: string, opts: TypesetOptions = {}): Promise<DemoBulletin[]> {
  const bulletins = await generateTypesetBulletins(opts);
  await mkdir(dir, { recursive: true });
  for (const b of bulletins) {
    await writeFile(join(dir, b.fileName), b.pdf);
    const scan = await typesetScan(b.pdf, { dpi: 240, degrade: { seed: bulletins.indexOf(b) + 1 } });
    await writeFile(join(dir, b.fileName.replace(/\.pdf$/, '-scan240.pdf')), scan);
  }
  await writeFile(
    join(dir, 'truth.json'),
    `${JSON.stringify(
      bulletins.map((b) => b.truth),
      null,
      2,
    )}\n`,
  );
  return bulletins;
}
