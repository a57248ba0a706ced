/** "Did you mean …?" for misspelt keys and values: the closest candidate by edit distance. */

/**
 * Edit distance counting a swap of two adjacent characters as one edit (optimal string alignment):
 * `r.8c46gb` is one edit from `r.8c64gb`, not two — the commonest typo.
 */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate closest to `input` (case-insensitive), if it is close enough to be a typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const score = distance(needle, c.toLowerCase());
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  const tolerance = needle.length <= 3 ? 1 : Math.max(2, Math.floor(needle.length / 3));
  if (best !== undefined && bestScore <= tolerance) return best;
  // A shortened name (`ovh` for `ovhcloud`): the one candidate it starts.
  const extended = needle.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(needle)) : [];
  return extended.length === 1 ? extended[0] : undefined;
}
