/** Resolving "See P. 2" references: only to a story the sentence before names by telling words, else to no story. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReferenceDraft } from '../core/types.js';
import { findReferences, resolveReferences } from './references.js';

interface Story {
  headline: string;
  body: string;
  page: number;
}

/** Resolves the references of the first story among `stories` (ordinals by position); returns their targets. */
function targets(stories: Story[]): (number | null)[] {
  const refs = findReferences(stories[0]!.body);
  assert.ok(refs.length > 0, 'the first story has a reference');
  const articles = stories.map((s, ordinal) => ({
    ordinal,
    headline: s.headline,
    body: s.body,
    firstPage: s.page,
    lastPage: s.page,
  }));
  resolveReferences(articles, (o): ReferenceDraft[] => (o === 0 ? refs : []));
  return refs.map((r) => r.targetOrdinal);
}

/** Filler stories on page 1 that all speak of the committee, so "committee" is common in this bulletin. */
const committees: Story[] = [
  { headline: 'RELIEF DRIVE OPENS', body: 'The relief committee opened its drive in Chicago.', page: 1 },
  { headline: 'ENVOY RECEIVED', body: 'The envoy met the committee of the congregations.', page: 1 },
  { headline: 'SCHOLARS GATHER', body: 'A committee of scholars gathered in Leyden.', page: 1 },
];

test('a reference whose sentence shares only common words with the stories on the page stays unresolved', () => {
  const source: Story = {
    headline: 'COMMITTEE TO REPORT IN JANUARY',
    body: 'The committee will meet again in January and report on its new plan. (See P. 2 for separate story.)',
    page: 1,
  };
  // Shares "committee" (in four of the five stories), "January", "new" and "plan": news words, not a subject.
  const page2: Story = {
    headline: 'ORPHANAGE FUND REACHES GOAL',
    body: 'The committee said in January that a new plan for the orphanage in Lodz had been adopted.',
    page: 2,
  };
  assert.deepEqual(targets([source, ...committees, page2]), [null]);
});

test('the same reference resolves once the sentence names a word rare in the bulletin', () => {
  const source: Story = {
    headline: 'COMMITTEE TO REPORT IN JANUARY',
    body: 'The committee will report on the orphanage in Lodz in January. (See P. 2 for separate story.)',
    page: 1,
  };
  const page2: Story = {
    headline: 'FUND REACHES GOAL',
    body: 'The committee said that the orphanage in Lodz would open in the spring.',
    page: 2,
  };
  // "orphanage" and "Lodz" are in two stories of five: the referring one and the one it means.
  assert.deepEqual(targets([source, ...committees, page2]), [4]);
});

test('a word is rare up to a third of the bulletin (rounded up): in three stories of nine it tells, in four it does not', () => {
  const filler = (i: number, extra = ''): Story => ({
    headline: `ITEM ${'ABCDEFGH'[i]}`,
    body: `Story number ${'ABCDEFGH'[i]} about the harvest of ${['oats', 'rye', 'barley', 'hops', 'flax', 'hemp', 'corn'][i]}. ${extra}`,
    page: 1,
  });
  const source: Story = {
    headline: 'TEACHERS MEET',
    body: 'The teachers spoke of the seminary. (See P. 2 for separate story.)',
    page: 1,
  };
  const page2: Story = { headline: 'DEBATE ON FEES', body: 'The seminary raised its fees.', page: 2 };
  /** Nine stories, `naming` of the seven fillers naming the seminary too. */
  const nine = (naming: number) => [
    source,
    ...[0, 1, 2, 3, 4, 5, 6].map((i) => filler(i, i < naming ? 'The seminary was praised.' : '')),
    page2,
  ];
  // "seminary": the source, the page-2 story and one filler: 3 of 9.
  assert.deepEqual(targets(nine(1)), [8]);
  // A second filler naming it: 4 of 9, and not in the page-2 headline, so it no longer tells.
  assert.deepEqual(targets(nine(2)), [null]);
});

test("a word printed in a candidate's headline tells even where most of the bulletin uses it", () => {
  const prague = (headline: string, body: string, page = 1): Story => ({ headline, body, page });
  const source = prague(
    'CONCERT IN PRAGUE',
    'There was also news today concerning the cultural gathering in Prague. (See P. 2 for separate story.)',
  );
  const stories = [
    source,
    prague('RABBIS CONFER', 'Rabbis met in Prague.'),
    prague('SCHOOL ENLARGED', 'The school in Prague was enlarged.'),
    // On page 2: Prague in its text only, and in the headline of the story meant.
    prague('RELIEF APPEAL PASSES ITS GOAL', 'The appeal, begun in Prague, passed its goal.', 2),
    prague('EXHIBIT OF JEWISH ART OPENS IN PRAGUE', 'An exhibit of Jewish art opened.', 2),
  ];
  assert.deepEqual(targets(stories), [4]);
  // Without the story that prints it in its headline, Prague (in four of four) tells nothing.
  assert.deepEqual(targets(stories.slice(0, 4)), [null]);
});
