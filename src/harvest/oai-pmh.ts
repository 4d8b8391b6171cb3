/**
 * OAI-PMH 2.0 repository over the archive's articles (http://www.openarchives.org/OAI/openarchivesprotocol.html):
 * the six verbs, oai_dc, sets by year, resumption tokens, datestamp-selective harvesting, protocol errors.
 */

import { author } from '../cite/citation.js';
import { isIsoDate } from '../core/dates.js';
import type { Article } from '../core/types.js';
import type { HarvestSource, ReadingViews } from '../store/ports.js';
import { articleUrl, pdfUrl } from '../web/urls.js';
import { xml } from './xml.js';

export const OAI_PAGE_SIZE = 100;

export interface OaiContext {
  store: HarvestSource & ReadingViews;
  /** Absolute base URL of /oai. */
  baseUrl: string;
  /** Origin for record links. */
  origin: string;
  repositoryName: string;
  titleName: string;
  adminEmail: string;
  /** Records per response before a resumption token; OAI_PAGE_SIZE by default. */
  pageSize?: number;
}

class OaiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ARGS: Record<string, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  ListIdentifiers: {
    required: ['metadataPrefix'],
    optional: ['from', 'until', 'set'],
    exclusive: 'resumptionToken',
  },
  ListRecords: {
    required: ['metadataPrefix'],
    optional: ['from', 'until', 'set'],
    exclusive: 'resumptionToken',
  },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
};

interface ListState {
  metadataPrefix: string;
  from?: string;
  until?: string;
  set?: string;
  after: number;
  cursor: number;
}

function hostOf(ctx: OaiContext): string {
  return new URL(ctx.origin).hostname;
}

const identifier = (ctx: OaiContext, id: string) => `oai:${hostOf(ctx)}:${id}`;

/** Parses a UTCdatetime argument at day or second granularity; `end` makes a day inclusive to its last second. */
function stamp(value: string, name: string, end: boolean): string {
  // Date.parse takes 2023-02-30 for March 2: the day is checked against its month first.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && isIsoDate(value)) {
    return `${value}T${end ? '23:59:59' : '00:00:00'}Z`;
  }
  const time = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/.exec(value);
  if (time && isIsoDate(time[1]!)) return value;
  throw new OaiError('badArgument', `"${name}" must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ; got "${value}".`);
}

function encodeToken(s: ListState): string {
  return Buffer.from(JSON.stringify(s)).toString('base64url');
}

function decodeToken(token: string): ListState {
  try {
    const s = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ListState;
    const optional = (v: unknown) => v === undefined || v === null || typeof v === 'string';
    if (
      typeof s.metadataPrefix !== 'string' ||
      !Number.isInteger(s.after) ||
      !Number.isInteger(s.cursor) ||
      s.cursor < 0 ||
      !optional(s.from) ||
      !optional(s.until) ||
      !optional(s.set)
    )
      throw new Error();
    return s;
  } catch {
    throw new OaiError(
      'badResumptionToken',
      'The resumption token is not one this repository issued, or it was altered.',
    );
  }
}

function dublinCore(ctx: OaiContext, a: Article): string {
  const who = author(a.byline);
  const parts = [
    `<dc:title>${xml(a.headline)}</dc:title>`,
    who ? `<dc:creator>${xml(`${who.family}, ${who.given}`)}</dc:creator>` : '',
    `<dc:date>${a.date}</dc:date>`,
    '<dc:type>Text</dc:type>',
    '<dc:format>text/html</dc:format>',
    `<dc:identifier>${xml(`${ctx.origin}${articleUrl(a.slug)}`)}</dc:identifier>`,
    `<dc:source>${xml(`${ctx.titleName}, ${a.date}, p. ${a.firstPage}${a.lastPage !== a.firstPage ? `-${a.lastPage}` : ''}`)}</dc:source>`,
    `<dc:relation>${xml(`${ctx.origin}${pdfUrl(a.date)}`)}</dc:relation>`,
    `<dc:publisher>${xml(ctx.repositoryName)}</dc:publisher>`,
    a.dateline?.place ? `<dc:coverage>${xml(a.dateline.place)}</dc:coverage>` : '',
    `<dc:description>${xml(a.body.slice(0, 400).replace(/\s+/g, ' '))}</dc:description>`,
  ];
  return `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">${parts.join('')}</oai_dc:dc>`;
}

function header(ctx: OaiContext, a: Article, datestamp: string): string {
  return `<header><identifier>${xml(identifier(ctx, a.id))}</identifier><datestamp>${datestamp}</datestamp><setSpec>year:${a.date.slice(0, 4)}</setSpec></header>`;
}

function checkArgs(verb: string, args: Record<string, string>): void {
  const spec = ARGS[verb];
  if (!spec)
    throw new OaiError('badVerb', verb ? `"${verb}" is not an OAI-PMH verb.` : 'The request has no verb.');
  const given = Object.keys(args).filter((k) => k !== 'verb');
  if (spec.exclusive && given.includes(spec.exclusive)) {
    if (given.length > 1)
      throw new OaiError('badArgument', `"${spec.exclusive}" must be the only argument besides the verb.`);
    return;
  }
  for (const k of given) {
    if (!spec.required.includes(k) && !spec.optional.includes(k))
      throw new OaiError('badArgument', `"${k}" is not an argument of ${verb}.`);
  }
  for (const k of spec.required)
    if (!args[k]) throw new OaiError('badArgument', `${verb} needs the argument "${k}".`);
}

function articleIdOf(ctx: OaiContext, oaiId: string): string {
  const prefix = `oai:${hostOf(ctx)}:`;
  if (!oaiId.startsWith(prefix))
    throw new OaiError('idDoesNotExist', `"${oaiId}" is not an identifier of this repository.`);
  return oaiId.slice(prefix.length);
}

async function list(
  ctx: OaiContext,
  verb: 'ListIdentifiers' | 'ListRecords',
  args: Record<string, string>,
): Promise<string> {
  const state: ListState = args.resumptionToken
    ? decodeToken(args.resumptionToken)
    : {
        metadataPrefix: args.metadataPrefix!,
        from: args.from,
        until: args.until,
        set: args.set,
        after: 0,
        cursor: 0,
      };
  if (state.metadataPrefix !== 'oai_dc') {
    throw new OaiError('cannotDisseminateFormat', `Only "oai_dc" is offered; got "${state.metadataPrefix}".`);
  }
  if (state.from && state.until && state.from.length !== state.until.length) {
    throw new OaiError('badArgument', '"from" and "until" must have the same granularity.');
  }
  const fromStamp = state.from ? stamp(state.from, 'from', false) : undefined;
  const untilStamp = state.until ? stamp(state.until, 'until', true) : undefined;
  let fromDate: string | undefined;
  let toDate: string | undefined;
  if (state.set) {
    const m = /^year:(\d{4})$/.exec(state.set);
    if (!m)
      throw new OaiError(
        'badArgument',
        `"${state.set}" is not a set here; sets are year:YYYY (see ListSets).`,
      );
    fromDate = `${m[1]}-01-01`;
    toDate = `${m[1]}-12-31`;
  }
  const size = ctx.pageSize ?? OAI_PAGE_SIZE;
  const items = await ctx.store.harvest({
    fromStamp,
    untilStamp,
    fromDate,
    toDate,
    after: state.after,
    limit: size + 1,
  });
  if (items.length === 0 && state.cursor === 0)
    throw new OaiError('noRecordsMatch', 'No records match these arguments.');
  const page = items.slice(0, size);
  const more = items.length > size;
  const body = page
    .map((it) =>
      verb === 'ListIdentifiers'
        ? header(ctx, it.article, it.datestamp)
        : `<record>${header(ctx, it.article, it.datestamp)}<metadata>${dublinCore(ctx, it.article)}</metadata></record>`,
    )
    .join('');
  const next = more
    ? encodeToken({ ...state, after: page[page.length - 1]!.seq, cursor: state.cursor + page.length })
    : '';
  const token =
    more || state.cursor > 0 ? `<resumptionToken cursor="${state.cursor}">${next}</resumptionToken>` : '';
  return `<${verb}>${body}${token}</${verb}>`;
}

async function respond(ctx: OaiContext, verb: string, args: Record<string, string>): Promise<string> {
  checkArgs(verb, args);
  switch (verb) {
    case 'Identify': {
      const earliest = (await ctx.store.earliestDatestamp()) ?? '1970-01-01T00:00:00Z';
      return `<Identify><repositoryName>${xml(ctx.repositoryName)}</repositoryName><baseURL>${xml(ctx.baseUrl)}</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>${xml(ctx.adminEmail)}</adminEmail><earliestDatestamp>${earliest}</earliestDatestamp><deletedRecord>no</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>`;
    }
    case 'ListMetadataFormats': {
      if (args.identifier && !(await ctx.store.getArticle(articleIdOf(ctx, args.identifier)))) {
        throw new OaiError('idDoesNotExist', `No record has the identifier "${args.identifier}".`);
      }
      return '<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix><schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema><metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat></ListMetadataFormats>';
    }
    case 'ListSets': {
      if (args.resumptionToken)
        throw new OaiError(
          'badResumptionToken',
          'ListSets is answered whole; it issues no resumption tokens.',
        );
      const years = await ctx.store.years();
      return `<ListSets>${years.map((y) => `<set><setSpec>year:${y.year}</setSpec><setName>${y.year}</setName></set>`).join('')}</ListSets>`;
    }
    case 'GetRecord': {
      const id = articleIdOf(ctx, args.identifier!);
      if (args.metadataPrefix !== 'oai_dc')
        throw new OaiError(
          'cannotDisseminateFormat',
          `Only "oai_dc" is offered; got "${args.metadataPrefix}".`,
        );
      const a = await ctx.store.getArticle(id);
      const datestamp = a ? await ctx.store.datestamp(a.id) : null;
      if (!a || !datestamp)
        throw new OaiError('idDoesNotExist', `No record has the identifier "${args.identifier}".`);
      return `<GetRecord><record>${header(ctx, a, datestamp)}<metadata>${dublinCore(ctx, a)}</metadata></record></GetRecord>`;
    }
    default:
      return list(ctx, verb as 'ListIdentifiers' | 'ListRecords', args);
  }
}

/** Answers one OAI-PMH request; `args` are the request's arguments (a repeated one is passed as an array). */
export async function oaiResponse(ctx: OaiContext, raw: Record<string, string | string[]>): Promise<string> {
  const repeated = Object.entries(raw).find(([, v]) => Array.isArray(v) && v.length > 1);
  const args = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0]! : v]));
  const verb = args.verb ?? '';
  let body: string;
  let requestAttrs = '';
  try {
    // The protocol (3.6) names a repeated verb badVerb, any other repeated argument badArgument.
    if (repeated?.[0] === 'verb') throw new OaiError('badVerb', 'The verb is given more than once.');
    if (repeated) throw new OaiError('badArgument', `The argument "${repeated[0]}" is repeated.`);
    body = await respond(ctx, verb, args);
    requestAttrs = Object.entries(args)
      .map(([k, v]) => ` ${k}="${xml(v)}"`)
      .join('');
  } catch (err) {
    if (!(err instanceof OaiError)) throw err;
    body = `<error code="${err.code}">${xml(err.message)}</error>`;
    // Per the protocol, a badVerb or badArgument response echoes no arguments.
    if (err.code !== 'badVerb' && err.code !== 'badArgument') {
      requestAttrs = Object.entries(args)
        .map(([k, v]) => ` ${k}="${xml(v)}"`)
        .join('');
    }
  }
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"><responseDate>${now}</responseDate><request${requestAttrs}>${xml(ctx.baseUrl)}</request>${body}</OAI-PMH>
`;
}
