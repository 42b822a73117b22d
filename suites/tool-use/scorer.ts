// Judges one probe's reply, AST-style like BFCL: right tool, arguments that parse and fit the tool's
// schema, required values that match, no extra calls. Pure: the same reply always scores the same.
import type Anthropic from '@anthropic-ai/sdk';
import { Ajv, type ValidateFunction } from 'ajv';
import { cutNote } from './budget.js';
import { argMatches, describeMatcher } from './matchers.js';
import { findTextToolCall } from './text-tool-call.js';
import type {
  ExpectedCall,
  Expectation,
  FailureMode,
  ObservedReply,
  Probe,
  ProbeOutcome,
  ProbeScore,
} from './types.js';

// Formats (e.g. `uri`) are advice to the model; Claude Code does not reject a call over them either.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validators = new WeakMap<Anthropic.Tool, ValidateFunction>();

function validatorFor(tool: Anthropic.Tool): ValidateFunction {
  let validate = validators.get(tool);
  if (!validate) {
    validate = ajv.compile(tool.input_schema);
    validators.set(tool, validate);
  }
  return validate;
}

const PASS: ProbeScore = { passed: true, measured: true, failure: null, reason: '' };
const fail = (failure: FailureMode, reason: string): ProbeScore => ({ passed: false, measured: true, failure, reason });

/** Request failures that say nothing about the model: the server was gone, too slow, or the run was stopped. */
const TRANSPORT_KINDS: ReadonlySet<string> = new Set(['unreachable', 'timeout', 'aborted']);

export function isTransportFailure(outcome: ProbeOutcome): boolean {
  return !outcome.ok && outcome.kind !== null && TRANSPORT_KINDS.has(outcome.kind);
}

interface ParsedCall {
  name: string;
  args: Record<string, unknown> | null;
  /** Set when the arguments are not a JSON object. */
  parseError: string | null;
}

function parseCalls(reply: ObservedReply): ParsedCall[] {
  const calls: ParsedCall[] = [];
  for (const block of reply.blocks) {
    if (block.type !== 'tool_use') continue;
    let input: unknown = block.input;
    if (block.rawJson !== null) {
      try {
        input = JSON.parse(block.rawJson);
      } catch {
        calls.push({
          name: block.name,
          args: null,
          parseError: `${block.name} input is not JSON: ${clip(block.rawJson, 80)}`,
        });
        continue;
      }
    }
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      calls.push({
        name: block.name,
        args: null,
        parseError: `${block.name} input is not a JSON object: ${clip(JSON.stringify(input) ?? 'undefined', 80)}`,
      });
    } else calls.push({ name: block.name, args: input as Record<string, unknown>, parseError: null });
  }
  return calls;
}

export function replyText(reply: ObservedReply): string {
  return reply.blocks.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** Scores one probe: not measured, an HTTP failure, a broken stream, or the best of the probe's acceptable outcomes. */
export function scoreProbe(probe: Probe, outcome: ProbeOutcome): ProbeScore {
  if (!outcome.ok && isTransportFailure(outcome))
    return { passed: false, measured: false, failure: null, reason: outcome.error };
  if (!outcome.ok) return fail('http_error', outcome.error);
  const reply = outcome.reply;
  if (reply.streamed && !reply.complete) return fail('stream_malformed', 'the stream ended without message_stop');
  const calls = parseCalls(reply);
  const cut =
    reply.stopReason === 'max_tokens' ? cutNote(outcome.limit?.maxTokens ?? null, outcome.limit?.budget ?? null) : '';
  const scores = probe.expect.map((expectation) => judge(expectation, probe, reply, calls, cut));
  const score = scores.find((each) => each.passed) ?? scores[0];
  // A reply cut short says so whatever it failed on (no_tool_call names it where the text starts).
  return cut && !score.passed && score.failure !== 'no_tool_call' ? { ...score, reason: score.reason + cut } : score;
}

function judge(
  expectation: Expectation,
  probe: Probe,
  reply: ObservedReply,
  calls: ParsedCall[],
  cutShort: string,
): ProbeScore {
  const text = replyText(reply);
  if ('text' in expectation) {
    if (calls.length > 0)
      return fail('unexpected_call', `called ${calls.map((call) => call.name).join(', ')} where a text answer was due`);
    const written = findTextToolCall(text);
    if (written) return fail('tool_call_as_text', `tool call written as text: ${written}`);
    const wanted = expectation.text.mentionsAny;
    if (wanted && !wanted.some((word) => text.toLowerCase().includes(word.toLowerCase()))) {
      return fail(
        'ignored_result',
        `the answer does not use the tool result (expected a mention of ${wanted.map((w) => JSON.stringify(w)).join(' or ')})`,
      );
    }
    return PASS;
  }
  if (calls.length === 0) {
    const written = findTextToolCall(text);
    if (written) return fail('tool_call_as_text', `tool call written as text: ${written}`);
    return fail(
      'no_tool_call',
      `answered in text${cutShort}: ${clip(text.trim().replace(/\s+/g, ' '), 100) || '(empty)'}`,
    );
  }
  return checkWellFormed(probe, reply, calls) ?? matchCalls(expectation.calls, calls);
}

/** JSON, schema and stream checks that hold for every call, expected or not. */
function checkWellFormed(probe: Probe, reply: ObservedReply, calls: ParsedCall[]): ProbeScore | null {
  const broken = calls.find((call) => call.parseError);
  if (broken) return fail('invalid_json', broken.parseError ?? '');
  for (const call of calls) {
    const tool = probe.tools.find((offered) => offered.name === call.name);
    if (!tool) return fail('wrong_tool', `called ${call.name}, which was not offered`);
    const validate = validatorFor(tool);
    if (!validate(call.args)) {
      const errors = (validate.errors ?? []).map((error) =>
        `${error.instancePath || '/'} ${error.message ?? ''}`.trim(),
      );
      return fail('schema_violation', `${call.name} input ${errors.join('; ')}`);
    }
  }
  if (reply.streamed && reply.stopReason !== 'tool_use')
    return fail(
      'stream_malformed',
      `stop_reason ${JSON.stringify(reply.stopReason)} after a tool call (tool_use expected)`,
    );
  return null;
}

function argsMismatch(expected: ExpectedCall, args: Record<string, unknown>): string | null {
  for (const [key, matcher] of Object.entries(expected.args)) {
    if (!argMatches(matcher, args[key]))
      return `${expected.name}.${key}: expected ${describeMatcher(matcher)}, got ${clip(JSON.stringify(args[key]) ?? 'nothing', 80)}`;
  }
  return null;
}

/** Pairs every expected call with a distinct actual call (order free, as parallel calls may come in any order). */
function matchCalls(expected: ExpectedCall[], calls: ParsedCall[]): ProbeScore {
  const unmatched = [...calls];
  const problems: ProbeScore[] = [];
  for (const want of expected) {
    const index = unmatched.findIndex(
      (call) => call.name === want.name && argsMismatch(want, call.args ?? {}) === null,
    );
    if (index >= 0) {
      unmatched.splice(index, 1);
      continue;
    }
    const sameName = unmatched.find((call) => call.name === want.name);
    if (sameName) problems.push(fail('wrong_args', argsMismatch(want, sameName.args ?? {}) ?? ''));
    else if (unmatched.length > 0)
      problems.push(
        fail('wrong_tool', `called ${unmatched.map((call) => call.name).join(', ')} instead of ${want.name}`),
      );
    else problems.push(fail('missing_call', `no ${want.name} call (${calls.length} of ${expected.length} calls made)`));
  }
  if (problems.length > 0) return problems[0];
  if (unmatched.length > 0)
    return fail(
      'unexpected_call',
      `extra call${unmatched.length > 1 ? 's' : ''}: ${unmatched.map((call) => call.name).join(', ')}`,
    );
  return PASS;
}
