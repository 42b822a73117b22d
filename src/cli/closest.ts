// "Did you mean …?": the valid value nearest to a mistyped one, for every option error and model name.

/** Edit distance (insert, delete, substitute, swap of two neighbours), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[s.length][t.length];
}

/**
 * The candidate nearest to `value`, or null when none is near enough to be a typo: within a third
 * of the longer name's length (at least 2 edits), sharing a start of at least half of `value`
 * (`toolz` → `tool-use`), or containing it (`qwen2.5-coder` → `qwen2.5-coder:7b`). Ties go to the
 * earlier candidate.
 */
export function closestMatch(value: string, candidates: readonly string[]): string | null {
  const wanted = value.trim().toLowerCase();
  if (!wanted) return null;
  let best: { candidate: string; score: number } | null = null;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    if (lower === wanted) return candidate;
    const distance = editDistance(wanted, lower);
    const limit = Math.max(2, Math.floor(Math.max(wanted.length, lower.length) / 3));
    const shared = sharedPrefix(wanted, lower);
    const related =
      wanted.length >= 3 &&
      ((shared >= 3 && shared * 2 >= wanted.length) || lower.includes(wanted) || wanted.includes(lower));
    if (distance > limit && !related) continue;
    // A related name that is far in edits still ranks behind any true near-typo.
    const score = distance <= limit ? distance : limit + distance;
    if (!best || score < best.score) best = { candidate, score };
  }
  return best?.candidate ?? null;
}

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** `; did you mean tool-use?` or '' — to append to an error line. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const match = closestMatch(value, candidates);
  return match ? `; did you mean ${match}?` : '';
}

/**
 * The tail of an "unknown value" error: `; did you mean tool-use? Valid: throughput, tool-use, …`, or
 * `; valid: …` when nothing is near. `shown` is the list as the user should read it (default: the candidates).
 */
export function validChoices(
  value: string,
  candidates: readonly string[],
  shown: string = candidates.join(', '),
): string {
  const match = closestMatch(value, candidates);
  return match ? `; did you mean ${match}? Valid: ${shown}` : `; valid: ${shown}`;
}
