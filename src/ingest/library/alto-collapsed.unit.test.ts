import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAltoWords } from './alto-pdf.js';

/**
 * CCS ALTO as the KB's 1750 and 1876 issues have it: some headings' word boxes collapsed to a point
 * ("ZWEEDEN." 149 × 2 px; every word of "DUYTSLAND EN D'AENGRENZENDE RYKEN." 2 × 2 px at one spot), their
 * blocks sane. Body text is 8 pt, headings 12 pt; the paragraph style says "Left" for both.
 */
function alto(blocks: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://schema.ccs-gmbh.com/ALTO">
  <Description><MeasurementUnit>pixel</MeasurementUnit></Description>
  <Styles>
    <TextStyle ID="TXT_0" FONTSIZE="8" FONTFAMILY="Times New Roman"/>
    <TextStyle ID="TXT_9" FONTSIZE="12" FONTFAMILY="Times New Roman" FONTSTYLE="bold"/>
    <ParagraphStyle ID="PAR_LEFT" ALIGN="Left"/>
  </Styles>
  <Layout><Page ID="P1" WIDTH="2000" HEIGHT="3000"><PrintSpace>${blocks}</PrintSpace></Page></Layout>
</alto>`;
}

const body = `<TextBlock ID="TB2" HPOS="100" VPOS="160" WIDTH="900" HEIGHT="40" STYLEREFS="TXT_0 PAR_LEFT">
  <TextLine ID="TL2" HPOS="100" VPOS="160" WIDTH="400" HEIGHT="30">
    <String ID="S2" HPOS="100" VPOS="160" WIDTH="180" HEIGHT="30" CONTENT="Stokholm"/>
    <String ID="S3" HPOS="300" VPOS="165" WIDTH="60" HEIGHT="25" CONTENT="den"/>
    <String ID="S4" HPOS="380" VPOS="168" WIDTH="9" HEIGHT="4" CONTENT="-"/>
  </TextLine>
</TextBlock>`;

test('a heading whose word boxes collapsed to a point is laid out again in its block, centred, at its style size', () => {
  const xml =
    alto(`<TextBlock ID="TB1" HPOS="100" VPOS="100" WIDTH="900" HEIGHT="41" STYLEREFS="TXT_9 PAR_LEFT">
  <TextLine ID="TL1" HPOS="906" VPOS="103" WIDTH="149" HEIGHT="2">
    <String ID="S1" HPOS="906" VPOS="103" WIDTH="149" HEIGHT="2" CONTENT="ZWEEDEN."/>
  </TextLine>
</TextBlock>${body}`);
  const page = readAltoWords(xml, 'collapsed.xml');
  assert.equal(page.relaid, 1);
  const head = page.words.find((w) => w.text === 'ZWEEDEN.')!;
  assert.equal(head.size, 12);
  // Centred in the block (100–1000 px), within it from top to baseline, and as wide as 12 pt type makes it.
  const mid = head.x + head.length / 2;
  assert.ok(Math.abs(mid - 550) < 2, `centre at ${mid}`);
  assert.ok(head.y > 103 && head.y <= 141, `baseline at ${head.y}`);
  assert.ok(head.length > 150 && head.length < 400, `width ${head.length}`);
  // The body line's words, a dash's small box among them, are drawn where their boxes are.
  const words = page.words.filter((w) => w.text !== 'ZWEEDEN.');
  assert.deepEqual(
    words.map((w) => [w.text, w.x, w.length]),
    [
      ['Stokholm', 100, 180],
      ['den', 300, 60],
      ['-', 380, 9],
    ],
  );
});

test('every word of a collapsed line gets its own place, side by side, never past its block', () => {
  const words = ['DUYTSLAND', 'EN', "D'AENGRENZENDE", 'RYKEN.']
    .map((t, i) => `<String ID="W${i}" HPOS="1020" VPOS="581" WIDTH="2" HEIGHT="2" CONTENT="${t}"/>`)
    .join('');
  const xml =
    alto(`<TextBlock ID="TB1" HPOS="100" VPOS="580" WIDTH="600" HEIGHT="38" STYLEREFS="TXT_9 PAR_LEFT">
  <TextLine ID="TL1" HPOS="1020" VPOS="581" WIDTH="2" HEIGHT="2">${words}</TextLine>
  <TextLine ID="TL2" HPOS="100" VPOS="600" WIDTH="300" HEIGHT="18"><String ID="X" HPOS="100" VPOS="600" WIDTH="300" HEIGHT="18" CONTENT="Dresden"/></TextLine>
</TextBlock>`);
  const page = readAltoWords(xml, 'collapsed-line.xml');
  const head = page.words.filter((w) => w.text !== 'Dresden');
  assert.equal(head.length, 4);
  // Two lines in the block: its paragraph style places the line, from the block's left edge.
  assert.equal(head[0]!.x, 100);
  for (let i = 1; i < head.length; i++)
    assert.ok(head[i]!.x > head[i - 1]!.x + head[i - 1]!.length, `${head[i]!.text} overlaps`);
  const end = head.at(-1)!.x + head.at(-1)!.length;
  assert.ok(end <= 700.01, `ends at ${end}, past the block's 700`);
  assert.equal(page.relaid, 1);
});
