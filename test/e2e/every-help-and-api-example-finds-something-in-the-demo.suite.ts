/**
 * Every example a reader is shown finds something in the demo collection (what `npm start` serves): the
 * search help page's examples, the queries of docs/search.md, the curl commands of the /api page and every
 * command of docs/api.md. The examples are read out of those pages and files, never copied here, so a new or
 * changed example is run too and one that stops finding anything fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hono } from 'hono';
import { newToken } from '../../src/auth/admin-tokens.js';
import type { DemoBulletin } from '../../src/demo/generator.js';
import type { FileReport } from '../../src/ingest/ingest.service.js';
import { createApp } from '../../src/server.js';
import type { tempArchive } from '../helpers/sample-bulletins.js';
import { BIN } from '../helpers/spawn.js';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');
/** The origin the docs write; requests to it are answered by the app in this process. */
const DOC_ORIGIN = 'http://127.0.0.1:3000';

let t: Awaited<ReturnType<typeof tempArchive>>;
let app: Hono;
let bulletins: DemoBulletin[];
let adminToken: string;
let work: string;
/** The last OAI resumptionToken answered: what the docs' `resumptionToken=TOKEN` stands for. */
let resumptionToken: string | null = null;

/** The demo archive the examples run on, with the bulletins written into it. */
export interface DemoArchive {
  t: Awaited<ReturnType<typeof tempArchive>>;
  bulletins: DemoBulletin[];
  /** The ingest's reports, one a bulletin. */
  reports: FileReport[];
}

/**
 * The examples' tests, on the demo archive that `demoArchive` returns once the runner's `before` has
 * ingested it. They correct, review and revert articles: run them after any test that needs the archive
 * as ingested.
 */
export function examplesSuite(demoArchive: () => DemoArchive): void {
  describe('every help and API example finds something in the demo', () => {
    before(async () => {
      const demo = demoArchive();
      ({ t, bulletins } = demo);
      assert.deepEqual(
        demo.reports.filter((r) => r.status !== 'ingested'),
        [],
      );
      // No rate limit: the examples are many more requests than a reader's minute allows.
      app = createApp(t.archive, () => {}, { rateLimitPerMinute: 0 });
      const made = newToken();
      await t.archive.tokens.createAdminToken('examples', made.hash);
      adminToken = made.token;
      work = await mkdtemp(join(tmpdir(), 'dateline-examples-'));
    });

    after(async () => {
      if (work) await rm(work, { recursive: true, force: true });
    });

    const unescapeHtml = (s: string) =>
      s
        .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
        .replaceAll('&quot;', '"')
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&amp;', '&');

    /** Splits a shell command line into words: '…' and "…" quoting, $TOKEN inside "…" expanded. */
    function shellWords(line: string): string[] {
      const words: string[] = [];
      let word: string | null = null;
      let quote: string | null = null;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (quote) {
          if (ch === quote) quote = null;
          else word = (word ?? '') + ch;
        } else if (ch === "'" || ch === '"') {
          quote = ch;
          word ??= '';
        } else if (/\s/.test(ch)) {
          if (word !== null) words.push(word);
          word = null;
        } else word = (word ?? '') + ch;
      }
      if (word !== null) words.push(word);
      return words.map((w) => w.replaceAll('$TOKEN', 'TOKEN'));
    }

    /** The shell commands of a Markdown file's ```sh blocks: continuation lines joined, comments dropped. */
    function markdownCommands(file: string): string[] {
      const md = readFileSync(file, 'utf8');
      const commands: string[] = [];
      for (const block of md.matchAll(/```sh\n([\s\S]*?)```/g)) {
        const joined = block[1]!.replace(/\\\n\s*/g, ' ');
        for (const line of joined.split('\n')) {
          // A comment starts at " #" outside quotes.
          let quote: string | null = null;
          let end = line.length;
          for (let i = 0; i < line.length; i++) {
            const ch = line[i]!;
            if (quote) {
              if (ch === quote) quote = null;
            } else if (ch === "'" || ch === '"') quote = ch;
            else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
              end = i;
              break;
            }
          }
          const command = line.slice(0, end).trim();
          if (command) commands.push(command);
        }
      }
      return commands;
    }

    /** What an answer must hold to count as finding something, by its type; null when it does, else why not. */
    function emptiness(url: URL, type: string, body: Uint8Array): string | null {
      const text = new TextDecoder().decode(body);
      if (type.includes('application/jsonl')) {
        const lines = text.split('\n').filter(Boolean);
        if (lines.length === 0) return 'no lines';
        return (JSON.parse(lines[0]!) as { id?: string }).id ? null : 'a line without an id';
      }
      if (type.includes('application/json') || type.includes('application/ld+json')) {
        const j = JSON.parse(text) as Record<string, unknown>;
        if (j.error) return `an error: ${JSON.stringify(j.error)}`;
        if ('total' in j && !((j.total as number) > 0)) return `total ${j.total}`;
        for (const k of ['results', 'dates', 'articles', 'items']) {
          if (k in j && (j[k] as unknown[]).length === 0) return `no ${k}`;
        }
        return Object.keys(j).length ? null : 'an empty object';
      }
      if (type.includes('xml')) {
        const error = /<error code="([^"]+)"/.exec(text);
        if (error) return `an OAI-PMH error: ${error[1]}`;
        const verb = url.searchParams.get('verb');
        if (verb === 'ListRecords' || verb === 'GetRecord') {
          if (!text.includes('<record>')) return 'no records';
          resumptionToken =
            /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(text)?.[1] ?? resumptionToken;
        }
        if (verb === 'ListSets' && !text.includes('<set>')) return 'no sets';
        if (type.includes('atom') && !text.includes('<entry>')) return 'no entries';
        if (url.pathname.endsWith('alto.xml') && !text.includes('<String ')) return 'no words';
        if (url.pathname.startsWith('/sitemap') && !/<(sitemap|url)>/.test(text)) return 'no sitemaps';
        return null;
      }
      if (type.startsWith('image/png')) {
        const png = body.length > 1000 && body[1] === 0x50 && body[2] === 0x4e && body[3] === 0x47;
        return png ? null : 'not a PNG image';
      }
      if (type.includes('bibtex')) return /^@\w+\{/m.test(text) ? null : 'no BibTeX entry';
      if (type.includes('research-info-systems')) return /^TY {2}- /m.test(text) ? null : 'no RIS record';
      return text.length > 0 ? null : 'an empty answer';
    }

    /** Runs one `curl` or `open` command against the app; null when it finds something, else why not. */
    async function runRequest(words: string[]): Promise<string | null> {
      const headers: Record<string, string> = {};
      let data: Uint8Array | string | null = null;
      let method: string | null = null;
      let target: string | null = null;
      for (let i = 1; i < words.length; i++) {
        const w = words[i]!;
        if (w === '-H') {
          const [name, ...value] = words[++i]!.split(':');
          headers[name!.trim()] = value
            .join(':')
            .trim()
            .replace(/^Bearer TOKEN$/, `Bearer ${adminToken}`);
        } else if (w === '--data-binary') {
          const file = words[++i]!.replace(/^@/, '');
          const date = /^(\d{4}-\d{2}-\d{2})\.pdf$/.exec(file)?.[1];
          const b = bulletins.find((x) => x.truth.date === date);
          if (!b) return `${file}: no demo bulletin of that date to send`;
          data = b.pdf;
        } else if (w === '--data') data = words[++i]!;
        else if (w === '-X') method = words[++i]!;
        else if (w === '-o') i++;
        else if (w.startsWith('http')) target = w;
      }
      if (!target) return 'no URL in the command';
      if (target.includes('resumptionToken=TOKEN')) {
        if (!resumptionToken) return 'no resumptionToken answered before it';
        target = target.replace(
          'resumptionToken=TOKEN',
          `resumptionToken=${encodeURIComponent(resumptionToken)}`,
        );
      }
      const url = new URL(target);
      if (url.origin !== DOC_ORIGIN && !/^http:\/\/127\.0\.0\.1(:\d+)?$/.test(url.origin))
        return `not this archive: ${url.origin}`;
      const res = await app.request(`${DOC_ORIGIN}${url.pathname}${url.search}`, {
        method: method ?? (data ? 'POST' : 'GET'),
        headers,
        ...(data ? { body: data } : {}),
      });
      const body = new Uint8Array(await res.arrayBuffer());
      // A moderation command (lock, ban) answers 204 and nothing more: done is what it finds.
      if (res.status === 204) return null;
      if (res.status < 200 || res.status > 202) {
        return `HTTP ${res.status}: ${new TextDecoder().decode(body).slice(0, 200)}`;
      }
      return emptiness(url, res.headers.get('content-type') ?? '', body);
    }

    /** Runs one `npx dateline …` command on the demo archive, in a folder of its own; null when it wrote something. */
    function runCli(words: string[]): string | null {
      const args = words.slice(2);
      const cwd = join(work, `cli-${readdirSync(work).length}`);
      spawnSync('mkdir', ['-p', cwd]);
      const r = spawnSync(process.execPath, [BIN, ...args, '--data', join(t.dir, 'data')], {
        cwd,
        encoding: 'utf8',
      });
      if (r.status !== 0) return `exit ${r.status}: ${r.stderr.slice(0, 300)}`;
      const alto = args.indexOf('--alto');
      if (alto >= 0) {
        const dir = join(cwd, args[alto + 1]!);
        const pages = existsSync(dir)
          ? readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.alto.xml'))
          : [];
        return pages.length ? null : 'no ALTO pages written';
      }
      const out = args.indexOf('--out');
      if (out >= 0) {
        const lines = readFileSync(join(cwd, args[out + 1]!), 'utf8')
          .split('\n')
          .filter(Boolean);
        return lines.length ? null : 'no articles written';
      }
      return r.stdout.trim() ? null : 'nothing printed';
    }

    async function runCommand(command: string): Promise<string | null> {
      const words = shellWords(command);
      if (words[0] === 'curl' || words[0] === 'open') return runRequest(words);
      if (words[0] === 'npx' && words[1] === 'dateline') return runCli(words);
      return `not a command this test knows how to run (${words[0]}): add it here`;
    }

    /** Runs them all and fails once, listing every example that found nothing. */
    async function expectAllFind(source: string, commands: string[], atLeast: number) {
      assert.ok(
        commands.length >= atLeast,
        `${source}: read only ${commands.length} examples; has the page changed shape?`,
      );
      const failures: string[] = [];
      for (const c of commands) {
        const why = await runCommand(c);
        if (why) failures.push(`${c}\n    → ${why}`);
      }
      assert.deepEqual(
        failures,
        [],
        `${source}: examples that find nothing in the demo:\n${failures.join('\n')}`,
      );
    }

    /** A search query must find articles by its words alone (variant matching off). */
    async function expectQueriesFind(source: string, queries: string[], atLeast: number) {
      assert.ok(
        queries.length >= atLeast,
        `${source}: read only ${queries.length} queries; has it changed shape?`,
      );
      const failures: string[] = [];
      for (const q of queries) {
        const res = await app.request(`/api/v1/search?variants=off&q=${encodeURIComponent(q)}`);
        const body = (await res.json()) as { total?: number; error?: { message: string } };
        if (!(res.status === 200 && (body.total ?? 0) > 0))
          failures.push(`${q} → ${body.error?.message ?? `total ${body.total}`}`);
      }
      assert.deepEqual(
        failures,
        [],
        `${source}: queries that find nothing in the demo:\n${failures.join('\n')}`,
      );
    }

    test('every example on the search help page finds articles, by its link and by its words alone', async () => {
      const page = await (await app.request('/help/search')).text();
      const links = [...page.matchAll(/<td><a href="(\/search\?q=[^"]+)"><code>/g)].map((m) =>
        unescapeHtml(m[1]!),
      );
      assert.ok(links.length >= 8, `read only ${links.length} examples from /help/search`);
      for (const href of links) {
        const res = await app.request(href);
        const html = await res.text();
        assert.equal(res.status, 200, href);
        const total = Number(
          /of <strong>([\d,]+)<\/strong> articles?/.exec(html)?.[1]?.replaceAll(',', '') ?? 0,
        );
        assert.ok(total > 0, `${href} finds nothing`);
      }
      const queries = links.map((h) => new URL(h, DOC_ORIGIN).searchParams.get('q')!);
      await expectQueriesFind('/help/search', queries, 8);
    });

    test('every query in the table of docs/search.md finds articles', async () => {
      const md = readFileSync(join(DOCS, 'search.md'), 'utf8');
      const table = md.slice(md.indexOf('| you type |'), md.indexOf('\n\n', md.indexOf('| you type |')));
      const queries = [...table.matchAll(/^\| `(.+?)` \|/gm)].map((m) => m[1]!);
      await expectQueriesFind('docs/search.md', queries, 10);
    });

    test('every curl command on the /api page finds something', async () => {
      const page = await (await app.request(`${DOC_ORIGIN}/api`)).text();
      const commands = [...page.matchAll(/<pre><code>(curl [^<]+)<\/code><\/pre>/g)].map((m) =>
        unescapeHtml(m[1]!),
      );
      await expectAllFind('/api', commands, 6);
    });

    test('every command in docs/api.md finds something', async () => {
      const commands = markdownCommands(join(DOCS, 'api.md'));
      await expectAllFind('docs/api.md', commands, 20);
    });

    test('the runner itself reports an example that finds nothing (so a passing run means something)', async () => {
      assert.match((await runCommand(`curl '${DOC_ORIGIN}/api/v1/search?q=zzyzx'`)) ?? '', /total 0/);
      assert.match(
        (await runCommand(`curl ${DOC_ORIGIN}/api/v1/articles/19000101-aaaaaa`)) ?? '',
        /HTTP 404/,
      );
      assert.match(
        (await runCommand(`curl '${DOC_ORIGIN}/oai?verb=ListRecords&metadataPrefix=oai_dc&set=year:1900'`)) ??
          '',
        /OAI-PMH error/,
      );
      assert.match(
        runCli(['npx', 'dateline', 'export', '--alto', './none', '--from', '1900', '--to', '1900']) ?? '',
        /no ALTO pages/,
      );
      assert.deepEqual(shellWords(`curl -H "Authorization: Bearer $TOKEN" 'a b'`), [
        'curl',
        '-H',
        'Authorization: Bearer TOKEN',
        'a b',
      ]);
    });
  });
}
