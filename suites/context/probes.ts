// One needle probe over each API. A probe never throws: errors come back as values with the reason.
import type { SuiteContext } from '../../src/run/suite.js';
import { promptTokensOf } from '../../src/targets/messages.js';
import { buildHaystack, needlePrompt, type Haystack } from './haystack.js';
import { isPromptTooLongError, scoreNeedleAnswer, type NeedleAnswer } from './score.js';
import type { ProbeVerdict } from './search.js';
import type { TokenScale } from './tokens.js';
import { errorMessage } from '../../src/shared/errors.js';

/** Room left in the context for the question's answer (a one-sentence reply). */
export const ANSWER_TOKENS = 128;
/** Prompts are sized this far below the context they test, so a prompt that fits leaves room to answer. */
export const RESERVE_TOKENS = 256;
const DISTRACTORS = 4;

/** Sums model time: server-reported total_duration on the native API, wall time on the Messages API. */
export class ModelClock {
  seconds = 0;
  requests = 0;
  add(seconds: number): void {
    this.seconds += seconds;
    this.requests += 1;
  }
}

export type ProbeFailure = { kind: 'rejected'; message: string } | { kind: 'error'; message: string };

export interface AskedNeedle {
  depth: number;
  answer: NeedleAnswer;
  /** The start of the reply, for the record. */
  reply: string;
}

export interface NeedleProbe {
  /** The context length this probe tests (num_ctx on the native API; the rung on the Messages API). */
  contextLength: number;
  promptChars: number;
  /** Tokens the prompt should be, from the calibrated scale. */
  expectedTokens: number;
  /** The server's own count (prompt_eval_count / usage.input_tokens) of the first request. */
  serverTokens: number | null;
  asked: AskedNeedle[];
  failure: ProbeFailure | null;
  /** true when every asked needle was retrieved and nothing failed. */
  allRetrieved: boolean;
}

/** A haystack whose whole prompt is about `promptTokens` long; the seed makes every probe's text differ (no prompt-cache hits). */
export function haystackFor(
  seed: string,
  promptTokens: number,
  depths: readonly number[],
  scale: TokenScale,
): Haystack {
  const wrapperChars = needlePrompt({ text: '', needles: [], distractors: [] }, 'Falcon10').length;
  return buildHaystack({
    seed,
    chars: Math.max(0, scale.charsFor(promptTokens) - wrapperChars),
    depths,
    distractorCount: DISTRACTORS,
  });
}

function failureOf(error: unknown): ProbeFailure {
  const message = errorMessage(error);
  return isPromptTooLongError(error) ? { kind: 'rejected', message } : { kind: 'error', message };
}

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function probeShell(contextLength: number, haystack: Haystack, scale: TokenScale): NeedleProbe {
  const promptChars = needlePrompt(haystack, haystack.needles[0].key).length;
  return {
    contextLength,
    promptChars,
    expectedTokens: scale.tokensFor(promptChars),
    serverTokens: null,
    asked: [],
    failure: null,
    allRetrieved: false,
  };
}

/** Asks for the first needle through /v1/messages, exactly as Claude Code's requests arrive (no num_ctx). */
export async function messagesProbe(
  ctx: SuiteContext,
  haystack: Haystack,
  contextLength: number,
  scale: TokenScale,
  clock: ModelClock,
): Promise<NeedleProbe> {
  const probe = probeShell(contextLength, haystack, scale);
  const needle = haystack.needles[0];
  const started = performance.now();
  try {
    const message = await ctx.messages.create({
      model: ctx.model,
      max_tokens: ANSWER_TOKENS,
      messages: [{ role: 'user', content: needlePrompt(haystack, needle.key) }],
    });
    probe.serverTokens = promptTokensOf(message.usage);
    // A reply with no content comes as `"content": null` from Ollama (a Go nil slice).
    const reply = (message.content ?? [])
      .map((block) => (block.type === 'text' ? block.text : block.type === 'thinking' ? block.thinking : ''))
      .join('\n');
    probe.asked.push({
      depth: needle.depth,
      answer: scoreNeedleAnswer(reply, needle, haystack.distractors),
      reply: excerpt(reply),
    });
  } catch (error) {
    probe.failure = failureOf(error);
  } finally {
    clock.add((performance.now() - started) / 1000);
  }
  probe.allRetrieved = probe.failure === null && probe.asked.every((a) => a.answer === 'retrieved');
  return probe;
}

/**
 * Asks for each needle in turn through the server's timed generation (Ollama: /api/chat at `numCtx`, by default `contextLength`), stopping at the first
 * miss (the length has failed). The haystack is the same for every question, so after the first
 * request Ollama's prompt cache serves it and the later questions cost little.
 */
export async function nativeProbe(
  ctx: SuiteContext,
  haystack: Haystack,
  contextLength: number,
  scale: TokenScale,
  clock: ModelClock,
  numCtx = contextLength,
): Promise<NeedleProbe> {
  const probe = probeShell(contextLength, haystack, scale);
  for (const needle of haystack.needles) {
    ctx.progress(`context: ${contextLength} tokens, depth ${Math.round(needle.depth * 100)}%`);
    const started = performance.now();
    try {
      const response = await ctx.server.generate({
        model: ctx.model,
        prompt: needlePrompt(haystack, needle.key),
        maxTokens: ANSWER_TOKENS,
        contextTokens: numCtx,
      });
      clock.add(response.totalMs ? response.totalMs / 1000 : (performance.now() - started) / 1000);
      probe.serverTokens ??= response.promptTokens || null;
      const reply = response.text;
      const answer = scoreNeedleAnswer(reply, needle, haystack.distractors);
      probe.asked.push({ depth: needle.depth, answer, reply: excerpt(reply) });
      if (answer !== 'retrieved') break;
    } catch (error) {
      clock.add((performance.now() - started) / 1000);
      probe.failure = failureOf(error);
      break;
    }
  }
  probe.allRetrieved =
    probe.failure === null &&
    probe.asked.length === haystack.needles.length &&
    probe.asked.every((a) => a.answer === 'retrieved');
  return probe;
}

/** A probe's verdict for the search: fits, lost (truncated or refused), or stop on any other error. */
export function verdictOf(probe: NeedleProbe, scale: TokenScale): ProbeVerdict {
  if (probe.failure?.kind === 'error') return { kind: 'stop', reason: probe.failure.message };
  if (probe.failure?.kind === 'rejected') return { kind: 'lost' };
  if (!probe.allRetrieved) return { kind: 'lost' };
  scale.observe(probe.promptChars, probe.serverTokens);
  return { kind: 'fits' };
}
