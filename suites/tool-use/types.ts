// The tool-use suite's vocabulary: probes as data, what a reply is expected to do, how it failed.
import type Anthropic from '@anthropic-ai/sdk';
import type { TargetErrorKind } from '../../src/targets/errors.js';

/** BFCL's categories, on the Anthropic wire, plus the two Claude Code adds: streaming and its long first request. */
export const CATEGORIES = [
  'simple',
  'choose',
  'parallel',
  'multi_turn',
  'irrelevance',
  'streaming',
  'long_prompt',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Why a probe failed. `missing_call` and `ignored_result` complete the list for parallel and multi-turn probes. */
export const FAILURE_MODES = [
  'http_error',
  'stream_malformed',
  'tool_call_as_text',
  'no_tool_call',
  'invalid_json',
  'schema_violation',
  'wrong_tool',
  'wrong_args',
  'missing_call',
  'unexpected_call',
  'ignored_result',
] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

/** How one expected argument value is compared; data, so probes stay plain objects. */
export type ArgMatcher =
  | { kind: 'exact'; value: unknown }
  | { kind: 'oneOf'; values: readonly unknown[] }
  /** POSIX path, compared after normalising `//`, `.`, `..` and a trailing slash. */
  | { kind: 'path'; value: string }
  /** String compared after trimming and collapsing whitespace. */
  | { kind: 'text'; value: string }
  /** Shell command compared like text, also accepting a leading `cd <dir> && `. */
  | { kind: 'command'; value: string }
  /** Case-insensitive substring. */
  | { kind: 'includes'; value: string }
  /** An array of `count` objects whose `field` values, together, mention every string of `includes`. */
  | { kind: 'items'; count: number; field: string; includes: readonly string[] };

export interface ExpectedCall {
  name: string;
  /** Arguments the call must carry; arguments not listed are only checked by the tool's schema. */
  args: Record<string, ArgMatcher>;
}

/** One acceptable outcome: exactly these calls (any order), or a text answer with no call. */
export type Expectation =
  | { calls: ExpectedCall[] }
  /** `mentionsAny`: the text must use the tool result (case-insensitive, any one of them). */
  | { text: { mentionsAny?: readonly string[] } };

export interface Probe {
  id: string;
  category: Category;
  /** System prompt; omitted for short probes. */
  system?: string;
  messages: Anthropic.MessageParam[];
  /** Tools offered, in order. */
  tools: Anthropic.Tool[];
  stream: boolean;
  /** Acceptable outcomes; the reply passes when it meets any one. The first is the one failures are named against. */
  expect: Expectation[];
}

/** A reply reduced to what the scorer judges, the same shape for streamed and non-streamed replies. */
export interface ObservedReply {
  blocks: ObservedBlock[];
  stopReason: string | null;
  streamed: boolean;
  /** Streams: ended with `message_stop`. Non-streamed replies are always complete. */
  complete: boolean;
}

export type ObservedBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string }
  /** `input` is the parsed object (non-streamed) or the raw concatenated `input_json_delta` text (streamed). */
  | { type: 'tool_use'; name: string; input: unknown; rawJson: string | null };

/** A max_tokens the suite's generation budget lowered below the usual cap, named in the reason of a reply cut there. */
export interface ReplyLimit {
  maxTokens: number;
  /** "the suite's 4,096-token generation budget". */
  budget: string;
}

/** `kind` is the TargetError's kind (null for anything else thrown): it tells the model's failures from the transport's. */
export type ProbeOutcome =
  | { ok: true; reply: ObservedReply; limit?: ReplyLimit }
  | { ok: false; error: string; kind: TargetErrorKind | null };

export interface ProbeScore {
  passed: boolean;
  /** false when the request never got an answer (server unreachable, timed out, aborted): not the model's fault, so left out of the ratios. */
  measured: boolean;
  failure: FailureMode | null;
  /** One line on what went wrong, for the report. */
  reason: string;
}
