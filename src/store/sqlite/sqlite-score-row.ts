/** An article's row as the top-k routes read it to score it exactly (the merge, the OR route, the group lists). */
export interface ScoreRow {
  seq: number;
  date: string;
  ordinal: number;
  headline: string;
  body: string;
  byline: string | null;
  place: string | null;
}
