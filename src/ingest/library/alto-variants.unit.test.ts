import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AltoUnit, type AltoVersion, altoXml } from '../../../test/helpers/library-fixtures.js';
import { ArchiveError } from '../../core/errors.js';
import { readAlto } from '../ndnp/alto-reader.js';
import { drawnPageSize, readAltoWords } from './alto-pdf.js';

const versions: AltoVersion[] = ['1-plain', '1-ccs', '2', '3-prefixed', '4'];
const units: AltoUnit[] = ['pixel', 'mm10', 'inch1200'];

// A letter-size page (8.5 × 11 in) with one word an inch from the left, two inches down, two inches wide and
// a quarter of an inch high: in PDF points, 612 × 792 and the box 72, 144, 144 × 18, whatever the unit.
const page = [{ id: 'TB1', lines: [[{ text: 'Zeitung', x: 1, y: 2, w: 2, h: 0.25 }]] }];
const near = (a: number, b: number) => Math.abs(a - b) <= 0.5;

for (const version of versions)
  for (const unit of units)
    test(`ALTO ${version} in ${unit}: the page is drawn at its printed size and the word boxed where it is printed`, () => {
      const xml = altoXml(page, { version, unit, lang: 'de' });
      const drawn = readAltoWords(xml, `v${version}.xml`);
      const size = drawnPageSize(drawn);
      assert.ok(near(size.width, 612) && near(size.height, 792), JSON.stringify(size));
      const alto = readAlto(Buffer.from(xml), `v${version}.xml`, size);
      const [word] = alto.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
      assert.equal(word?.text, 'Zeitung');
      assert.ok(
        near(word.x, 72) && near(word.y, 144) && near(word.w, 144) && near(word.h, 18),
        JSON.stringify(word),
      );
      assert.deepEqual(alto.languages, ['de']);
      assert.equal(drawn.words[0]?.text, 'Zeitung');
    });

test('a ComposedBlock’s text blocks know it, so a METS area may name the ComposedBlock', () => {
  const xml = altoXml([
    { id: 'TB1', composed: 'CB1', lines: [[{ text: 'Erster', x: 1, y: 1, w: 1, h: 0.2 }]] },
    { id: 'TB2', composed: 'CB1', lines: [[{ text: 'Zweiter', x: 1, y: 2, w: 1, h: 0.2 }]] },
    { id: 'TB3', lines: [[{ text: 'Dritter', x: 1, y: 3, w: 1, h: 0.2 }]] },
  ]);
  const alto = readAlto(Buffer.from(xml), 'cb.xml', { width: 612, height: 792 });
  assert.deepEqual(
    alto.blocks.map((b) => [b.id, b.within]),
    [
      ['TB3', []],
      ['TB1', ['CB1']],
      ['TB2', ['CB1']],
    ],
  );
});

test('an ALTO in an unknown unit is refused with the unit named, not drawn at a guessed size', () => {
  const xml = altoXml(page).replace('<MeasurementUnit>pixel<', '<MeasurementUnit>furlong<');
  assert.throws(
    () => readAltoWords(xml, 'odd.xml'),
    (e: unknown) => e instanceof ArchiveError && e.code === 'BAD_BATCH' && /"furlong"/.test(e.message),
  );
});

test('an ALTO Page without a size is as large as its words reach', () => {
  const xml = altoXml(page).replace(/<Page ID="P1" WIDTH="\d+" HEIGHT="\d+"/, '<Page ID="P1"');
  const drawn = readAltoWords(xml, 'nosize.xml');
  // The word ends 3 in from the left and 2.25 in from the top: 900 × 675 px.
  assert.deepEqual([drawn.width, drawn.height], [900, 675]);
});
