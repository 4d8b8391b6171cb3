/**
 * `node --import tsx scripts/make-typeset.ts DIR [--seed=1933] [--count=4]`: writes typeset demo bulletins
 * (multi-column 1930s dailies), each with a 240 ppi web copy (`-scan240.pdf`), and `truth.json` into DIR, to be
 * ingested by hand.
 */
import { resolve } from 'node:path';
import { writeTypesetBulletins } from '../src/demo/typeset/index.js';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: node --import tsx scripts/make-typeset.ts DIR [--seed=1933] [--count=4]');
  process.exit(2);
}
const bulletins = await writeTypesetBulletins(resolve(dir), {
  seed: arg('seed', 1933),
  count: arg('count', 4),
});
for (const b of bulletins) {
  const t = b.truth;
  const continued = t.articles.filter((a) => (a.jumps ?? 0) > 0).length;
  console.log(
    `${b.fileName}  ${t.layout}, ${t.pageCount} pages, ${t.articles.length} articles, ${continued} continued`,
  );
}
console.log(
  `wrote ${bulletins.length} bulletins, their -scan240.pdf copies and truth.json to ${resolve(dir)}`,
);
