// Scoring a needle answer and classifying the server's "prompt too long" refusal. Pure functions.
import { isContextExceededError } from '../../src/targets/errors.js';
import type { Needle } from './haystack.js';

export type NeedleAnswer = 'retrieved' | 'distractor' | 'missed';

function containsNumber(text: string, value: string): boolean {
  return new RegExp(`(^|\\D)${value}(\\D|$)`).test(text);
}

/**
 * `retrieved` when the reply holds the needle's value; `distractor` when it holds another key's
 * value instead (the model saw needles but picked the wrong one); else `missed`. A thinking
 * model's reasoning counts too: what is measured is whether the model could see the value.
 */
export function scoreNeedleAnswer(reply: string, needle: Needle, distractors: readonly Needle[]): NeedleAnswer {
  if (containsNumber(reply, needle.value)) return 'retrieved';
  if (distractors.some((d) => containsNumber(reply, d.value))) return 'distractor';
  return 'missed';
}

/** The server refused the prompt as longer than its context (see isContextExceededError). */
export const isPromptTooLongError = isContextExceededError;
