// `--threshold`: a relative change, written as a percentage ("10%" or "10").

export const DEFAULT_THRESHOLD = '10%';

/** "10%" → 0.1, "2.5" → 0.025; throws RangeError (with the reason) for anything else. */
export function parseThreshold(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a percentage; write e.g. 10% or 2.5%`);
  const percent = Number(match[1]);
  if (percent > 1000) throw new RangeError(`${percent}% is too large to mean anything; use at most 1000%`);
  return percent / 100;
}
