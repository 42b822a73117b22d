// What went wrong, as one string: the message of an Error, else the thrown value as text.

/** `error.message` for an Error, `String(error)` for anything else thrown (a string, a number, null). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
