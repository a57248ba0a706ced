/** "Did you mean …?" for misspelt keys and values: the closest candidate by edit distance. */

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
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
