// Exit codes every command shares, and the error that means "you called it wrong" (exit 2).
/** 1 covers every "the gate failed" outcome: a model not testable, --fail-on tripped, a regression. */
export const EXIT = {
  ok: 0,
  untestable: 1,
  gate: 1,
  regression: 1,
  usage: 2,
  interrupted: 130,
  terminated: 143,
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Turns a zod error into one readable line per problem, naming the value given when `given` has it:
 * "--reps 0: must be at least 1".
 */
export function describeIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  given: Readonly<Record<string, unknown>> = {},
): string {
  const flag = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return issues
    .map((issue) => {
      if (!issue.path.length) return `input: ${issue.message}`;
      const name = String(issue.path[0]);
      const value = given[name];
      return `${flag(name)}${typeof value === 'string' ? ` ${shownValue(value)}` : ''}: ${issue.message}`;
    })
    .join('\n');
}

/** A value as typed, quoted when it holds anything but plain characters (spaces, quotes, control characters). */
export function shownValue(value: string): string {
  return /^[\w.:,/+@=-]+$/.test(value) ? value : JSON.stringify(value);
}
