import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAbbyy } from './abbyy-reader.js';

const chars = (text: string, l: number) =>
  [...text]
    .map((c, i) => `<charParams l="${l + i * 20}" t="100" r="${l + i * 20 + 18}" b="130">${c}</charParams>`)
    .join('');

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<document><page width="1200" height="1600" resolution="300">
<block blockType="Separator" l="100" t="90" r="1100" b="96"/>
<block blockType="Text" l="100" t="100" r="1100" b="130"><text><par><line baseline="128" l="100" t="100" r="300" b="130">
<formatting lang="French" fs="10">${chars('CONCERT', 100)}</formatting></line></par></text></block>
<block blockType="Separator" l="600" t="200" r="606" b="1500"/>
</page></document>`;

test("an ABBYY page's separators are its rules, scaled onto the page like its words", () => {
  const [page] = readAbbyy(new TextEncoder().encode(xml), 'p.xml');
  const p = page!.toPage({ width: 600, height: 800 });
  assert.equal(p.blocks.length, 1, 'separators are no text blocks');
  assert.equal(p.blocks[0]!.lines[0]!.text, 'CONCERT');
  assert.deepEqual(p.rules, [
    { x: 50, y: 45, w: 500, h: 3 },
    { x: 300, y: 100, w: 3, h: 650 },
  ]);
});
