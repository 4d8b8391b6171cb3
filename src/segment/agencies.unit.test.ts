/** Agency codes: which a bulletin knows, and a dateline's code misread by one letter read as the known one. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILT_IN_AGENCIES, correctAgency, knownAgencies } from './agencies.js';
import { parseDateline } from './dateline.js';

const wjns = `WORLD JEWISH NEWS SERVICE
Vol. XLI, No. 236                      Thursday, December 19, 1974
60 East 42nd Street, New York 17, N. Y.`;

test('known agencies: the built-in ones, initials of capitalised names, codes printed in the masthead', () => {
  assert.deepEqual(knownAgencies(''), [...BUILT_IN_AGENCIES]);
  const known = knownAgencies(
    `${wjns}\nPALESTINE TELEGRAPHIC SERVICE · Jewish Correspondence Bureau, Ltd.\nA service of the (AJP) and of E.J.P.A.\nSent by JNF Cables`,
  );
  const added = known.filter((k) => !BUILT_IN_AGENCIES.includes(k));
  // WJNS is built in already; PTS and JCB are names' initials (joiners and "Ltd." left out); AJP, EJPA
  // and JNF are printed as codes. Not the volume (XLI, a Roman numeral, or "VX"), not the address (digits),
  // not the lower-case sentence.
  assert.deepEqual(added.sort(), ['AJP', 'EJPA', 'JCB', 'JNF', 'PTS']);
});

test('"WINS" in a dateline is read as WJNS when the masthead says WORLD JEWISH NEWS SERVICE; raw keeps WINS', () => {
  const d = parseDateline(
    'LONDON, Dec. 18 (WINS) -- The Foreign Office said',
    '1974-12-19',
    knownAgencies(wjns),
  );
  assert.equal(d?.dateline.agency, 'WJNS');
  assert.equal(d?.dateline.raw, 'LONDON, Dec. 18 (WINS) --');
  assert.equal(d?.rest, 'The Foreign Office said');
});

test('a code known only from the masthead is corrected only when the masthead is given', () => {
  const line = 'JERUSALEM, Dec. 18 (PIS) -- The Agency said';
  // I for T: letters typewriter type and OCR confuse.
  assert.equal(
    parseDateline(line, '1974-12-19', knownAgencies('PALESTINE TELEGRAPHIC SERVICE'))?.dateline.agency,
    'PTS',
  );
  assert.equal(parseDateline(line, '1974-12-19')?.dateline.agency, 'PIS');
});

test('known codes, two-letter codes, real agencies one unlikely letter away, and ambiguous codes stay as read', () => {
  const known = knownAgencies(wjns);
  assert.equal(correctAgency('JTA', known), 'JTA');
  // AP and UP are both real: a two-letter code is never changed.
  assert.equal(correctAgency('AF', known), 'AF');
  // AFP is not ANP misread: F and N are not taken for one another.
  assert.equal(correctAgency('AFP', known), 'AFP');
  // The Overseas News Agency misread with D for O; WNS (W for I) is no misreading of INS.
  assert.equal(correctAgency('DNA', known), 'ONA');
  assert.equal(correctAgency('WNS', known), 'WNS');
  // Four letters or more: any one letter. One letter from two known codes: which one is not known.
  assert.equal(correctAgency('WJMS', known), 'WJNS');
  assert.equal(correctAgency('WJNT', ['WJNS', 'WJNP']), 'WJNT');
  // Two letters wrong is another code.
  assert.equal(correctAgency('WIMS', known), 'WIMS');
});
