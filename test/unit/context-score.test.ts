import { describe, expect, it } from 'vitest';
import { TargetError } from '../../src/targets/errors.js';
import type { Needle } from '../../suites/context/haystack.js';
import { isPromptTooLongError, scoreNeedleAnswer } from '../../suites/context/score.js';

const needle: Needle = { key: 'Falcon27', value: '4821936', depth: 0 };
const distractors: Needle[] = [{ key: 'Cedar41', value: '7310042', depth: 0.3 }];

describe('scoreNeedleAnswer', () => {
  it('counts the needle value as retrieved, in any wording', () => {
    expect(scoreNeedleAnswer('The secret code for Falcon27 is 4821936.', needle, distractors)).toBe('retrieved');
    expect(scoreNeedleAnswer('4821936', needle, distractors)).toBe('retrieved');
  });

  it('names a distractor value as such', () => {
    expect(scoreNeedleAnswer('The secret code for Falcon27 is 7310042.', needle, distractors)).toBe('distractor');
  });

  it('does not accept the value inside a longer number, or no answer', () => {
    expect(scoreNeedleAnswer('It is 94821936.', needle, distractors)).toBe('missed');
    expect(scoreNeedleAnswer('I could not find it.', needle, distractors)).toBe('missed');
    expect(scoreNeedleAnswer('', needle, distractors)).toBe('missed');
  });
});

describe('isPromptTooLongError', () => {
  it("recognizes Ollama's 400 for prompts over the context", () => {
    const error = new TargetError(
      'http',
      'POST /v1/messages m: HTTP 400: the prompt is longer than the context length currently available to the model',
      400,
    );
    expect(isPromptTooLongError(error)).toBe(true);
  });

  it('rejects other errors', () => {
    expect(isPromptTooLongError(new TargetError('http', 'HTTP 400: model does not support tools', 400))).toBe(false);
    expect(
      isPromptTooLongError(new TargetError('http', 'HTTP 500: the prompt is longer than the context length', 500)),
    ).toBe(false);
    expect(isPromptTooLongError(new TargetError('timeout', 'timed out'))).toBe(false);
  });
});
