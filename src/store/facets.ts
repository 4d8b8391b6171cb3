/** Year and place facets from one grouped pass over the matches (both SQL backends). */

export interface FacetRow {
  year: number;
  place: string | null;
  count: number;
}

/** Sums (year, place) groups into the year facet (oldest first) and the place facet (most first, top 30). */
export function facetsFrom(rows: FacetRow[]) {
  const years = new Map<number, number>();
  const places = new Map<string, number>();
  for (const r of rows) {
    years.set(r.year, (years.get(r.year) ?? 0) + r.count);
    if (r.place) places.set(r.place, (places.get(r.place) ?? 0) + r.count);
  }
  return {
    years: [...years.entries()].sort((a, b) => a[0] - b[0]).map(([year, count]) => ({ year, count })),
    places: [...places.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 30)
      .map(([place, count]) => ({ place, count })),
  };
}
