/** The article API and the export give an article's own fields alike (api/article-json.ts builds both). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, () => {});
});
after(() => t.done());

test("every exported article carries the article API's own fields, with the same values and an absolute URL", async () => {
  const lines = (await (await app.request('http://localhost/api/v1/export.jsonl')).text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(lines.length >= 5, `${lines.length} lines`);
  for (const line of lines) {
    const api = (await (await app.request(`/api/v1/articles/${line.id}`)).json()) as Record<string, unknown>;
    const { edition: _e, references: _r, referencedBy: _b, url, ...own } = api;
    assert.equal(line.url, `http://localhost${url}`);
    for (const [field, value] of Object.entries(own))
      assert.deepEqual(line[field], value, `${line.id} ${field}`);
    // The export's own additions: the bulletin's PDF and the record's datestamp.
    assert.deepEqual(
      Object.keys(line).filter((k) => !(k in api)),
      ['pdfUrl', 'datestamp'],
    );
  }
});
