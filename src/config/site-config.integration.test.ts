import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ArchiveError } from '../core/errors.js';
import { defaultSiteConfig, loadSiteConfig } from './site-config.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-config-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function load(text: string) {
  const file = join(dir, 'site.json');
  await writeFile(file, text);
  return loadSiteConfig(file);
}

function refused(fn: () => unknown, pattern: RegExp) {
  assert.throws(
    fn,
    (e: unknown) => e instanceof ArchiveError && e.code === 'CONFIG' && pattern.test(e.message),
  );
}

test('a missing file gives the defaults; given fields override them; the logo path is resolved', async () => {
  assert.deepEqual(loadSiteConfig(join(dir, 'absent.json')), defaultSiteConfig);
  await writeFile(join(dir, 'mark.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const c = await load(
    JSON.stringify({
      name: 'The JTA Archive',
      funders: ['A Fund', { name: 'B Trust', note: '1930s' }],
      logo: 'mark.svg',
    }),
  );
  assert.equal(c.name, 'The JTA Archive');
  assert.equal(c.tagline, defaultSiteConfig.tagline);
  assert.deepEqual(c.funders, [{ name: 'A Fund' }, { name: 'B Trust', note: '1930s' }]);
  assert.equal(c.logo, join(dir, 'mark.svg'));
});

test('a broken configuration is refused with the field and the fix named', async () => {
  const file = join(dir, 'site.json');
  await writeFile(file, '{"name": ');
  refused(() => loadSiteConfig(file), /not valid JSON/);
  await writeFile(file, '{"name": 3}');
  refused(() => loadSiteConfig(file), /"name" must be a string/);
  await writeFile(file, '{"funders": [{"note": "x"}]}');
  refused(() => loadSiteConfig(file), /funders\[0\] needs a "name"/);
  await writeFile(file, '{"logo": "missing.png"}');
  refused(() => loadSiteConfig(file), /does not exist/);
  await writeFile(file, '{"logo": "logo.gif"}');
  refused(() => loadSiteConfig(file), /must be a \.png/);
  await writeFile(file, '{"ocrLanguages": "nld"}');
  refused(() => loadSiteConfig(file), /"ocrLanguages" must be a list/);
  await writeFile(file, '{"ocrLanguages": ["nl"]}');
  refused(
    () => loadSiteConfig(file),
    /"nl" is not an OCR language here; use one or more of eng \(English\), nld \(Dutch\)/,
  );
  await writeFile(file, '{"ocrLanguages": []}');
  refused(() => loadSiteConfig(file), /at least one OCR language/);
});

test('the OCR languages are English unless the archive names its own, main language first', async () => {
  assert.deepEqual(defaultSiteConfig.ocrLanguages, ['eng']);
  assert.deepEqual((await load('{"ocrLanguages": ["nld", "eng", "nld"]}')).ocrLanguages, ['nld', 'eng']);
});
