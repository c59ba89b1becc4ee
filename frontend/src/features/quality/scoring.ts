// The arithmetic of standards and evaluations, as the server does it (cus/quality/selectors.py `score_of`):
// a criterion's score counts as a fraction of its scale (0 at its lowest, 1 at its highest), weighted.

export interface WeightedScore {
  score: number;
  weight: number | string;
  scale_min: number;
  scale_max: number;
}

/** A weight typed in a form: a positive number with at most two decimals below 1000, or null. */
export function parseWeight(value: string | number): number | null {
  const text = String(value).trim().replace(",", ".");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return null;
  const weight = Number(text);
  return weight > 0 ? weight : null;
}

/** The sum of the weights that parse (the ones that do not are left out). */
export function weightTotal(weights: readonly (string | number)[]): number {
  return Math.round(weights.reduce<number>((sum, w) => sum + (parseWeight(w) ?? 0), 0) * 100) / 100;
}

/** Each weight's share of the total, in per cent (0 where the weight does not parse or nothing is weighted). */
export function weightShares(weights: readonly (string | number)[]): number[] {
  const total = weightTotal(weights);
  return weights.map((w) => {
    const weight = parseWeight(w);
    return total && weight ? Math.round((weight / total) * 1000) / 10 : 0;
  });
}

/** 0 to 100, rounded to hundredths: the weighted mean of the scores given; null when none is. */
export function weightedScore(scores: readonly WeightedScore[]): number | null {
  let points = 0;
  let weights = 0;
  for (const s of scores) {
    const weight = Number(s.weight);
    const span = s.scale_max - s.scale_min;
    if (!(weight > 0) || span <= 0) continue;
    points += (weight * (s.score - s.scale_min)) / span;
    weights += weight;
  }
  return weights ? Math.round((points * 100 * 100) / weights) / 100 : null;
}
