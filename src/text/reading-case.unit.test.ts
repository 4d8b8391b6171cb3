import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readingCase } from './reading-case.js';

test('gives capitals a reading case that keeps acronyms, initials and abbreviations', () => {
  const cases: [string, string][] = [
    // bulletins.md: "Dp's" is wrong, "DP's" is right; initials keep their dots; Dr. and Mc names.
    ["U.S. SEEKS DP'S ENTRY, SAYS DR. MCDONALD", "U.S. Seeks DP's Entry, Says Dr. McDonald"],
    ['USSR BARS EMIGRATION OF 300 JEWS', 'USSR Bars Emigration of 300 Jews'],
    ['UN ASSEMBLY VOTES ON PLO STATUS', 'UN Assembly Votes on PLO Status'],
    ["ISRAEL'S CABINET MEETS IN TEL AVIV", "Israel's Cabinet Meets in Tel Aviv"],
    ['POPE JOHN PAUL II RECEIVES JTA DELEGATION', 'Pope John Paul II Receives JTA Delegation'],
    ['THE WAR AND THE PEACE: A REPORT', 'The War and the Peace: A Report'],
    ['U.S.-SOVIET TALKS ON ANTI-SEMITISM', 'U.S.-Soviet Talks on Anti-Semitism'],
  ];
  for (const [printed, expected] of cases) assert.equal(readingCase(printed), expected, printed);
});

test('leaves a headline that is already in mixed case as printed', () => {
  assert.equal(
    readingCase('Israel Rejects a Call from Pope John Paul'),
    'Israel Rejects a Call from Pope John Paul',
  );
});
