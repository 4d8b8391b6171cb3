/** XML parsing for untrusted library files: no DOCTYPE, no entity expansion, well-formedness checked first. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ArchiveError } from '../../core/errors.js';

/** A parsed element: attributes by local name (namespace prefixes removed), children by local name. */
export type XmlNode = { [name: string]: unknown };

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and numeric character references; nothing else is ever expanded. */
export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref]!;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/**
 * Parses `bytes` (UTF-8) as XML. A document type declaration is refused outright: NDNP METS and ALTO never
 * need one, and refusing it is what keeps external entities (XXE) and entity expansion ("billion laughs")
 * out, whatever the parser would do with them. `arrays` names the elements that are always lists.
 */
export function parseXml(bytes: Uint8Array, file: string, arrays: ReadonlySet<string>): XmlNode {
  let text = Buffer.from(bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '')
    throw new ArchiveError('BAD_XML', `${file} is empty. Replace it with the batch's file.`);
  const doctype = /<!(DOCTYPE|ENTITY)\b/i.exec(text);
  if (doctype) {
    throw new ArchiveError(
      'BAD_XML',
      `${file} declares a ${doctype[1]!.toUpperCase()} (line ${lineOf(text, doctype.index)}). NDNP METS and ALTO files have none, and entity declarations are refused because they can read local files or expand without bound; remove the declaration.`,
    );
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new ArchiveError(
      'BAD_XML',
      `${file} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}). The file may be truncated or damaged; take it again from the batch.`,
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => arrays.has(name),
  });
  try {
    return parser.parse(text) as XmlNode;
  } catch (err) {
    throw new ArchiveError('BAD_XML', `${file} cannot be parsed as XML (${(err as Error).message}).`, {
      cause: err,
    });
  }
}

function lineOf(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The child element(s) `name` of `node` as a list (absent → empty). */
export function children(node: unknown, name: string): XmlNode[] {
  if (!node || typeof node !== 'object') return [];
  const v = (node as XmlNode)[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'object' ? (x as XmlNode) : { '#text': x }));
}

/** The first child element `name` of `node`, or undefined. */
export function child(node: unknown, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** The decoded text content of an element (or of a plain string value), trimmed; '' when absent. */
export function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node !== 'object') return decodeXmlText(String(node)).trim();
  const t = (node as XmlNode)['#text'];
  return t === undefined ? '' : decodeXmlText(String(t)).trim();
}

/** The decoded value of attribute `name`, or undefined. */
export function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const v = (node as XmlNode)[name];
  return v === undefined || typeof v === 'object' ? undefined : decodeXmlText(String(v));
}
