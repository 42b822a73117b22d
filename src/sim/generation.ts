// One generation, whichever API asked: resolve the model, load it at the right context, fit the
// prompt, let the model think, apply the profile's defect, then decode with real sleeps.
import type { SimToolCall } from './conversation.js';
import { effectiveContext, fitPrompt, type FittedPrompt } from './context.js';
import { modelNotFound, SimError } from './errors.js';
import { think, type ModelReply } from './model.js';
import { findProfile } from './profiles/index.js';
import type { SimProfile } from './profiles/types.js';
import type { GenerationRequest } from './requests.js';
import type { ModelScheduler } from './scheduler.js';
import { elapsedNs, nowNs, sleepUntil, tokensMs } from './timing.js';
import { countTokens, splitTokens } from './tokens.js';

export type OutputPiece =
  | { type: 'text'; text: string; tokens: number }
  /** `rawArguments`: what a broken model streams instead of the arguments' JSON (bad-json). */
  | { type: 'tool_call'; call: SimToolCall; tokens: number; rawArguments?: string };

export interface Metrics {
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
  prompt_eval_duration: number;
  eval_count: number;
  eval_duration: number;
}

export interface PreparedGeneration {
  profile: SimProfile;
  request: GenerationRequest;
  numCtx: number;
  loadNs: number;
  startedNs: bigint;
  fitted: FittedPrompt;
  pieces: OutputPiece[];
  doneReason: 'stop' | 'length';
}

export interface GenerationEnvironment {
  scheduler: ModelScheduler;
  serverContext: number;
}

export function resolveProfile(model: string): SimProfile {
  const profile = findProfile(model);
  if (!profile) throw modelNotFound(model);
  return profile;
}

/** Ollama's capability check (server/images.go CheckCapabilities), worded as Ollama words it. */
export function checkCapabilities(profile: SimProfile, request: GenerationRequest): void {
  if (request.conversation.tools.length > 0 && !profile.capabilities.includes('tools')) {
    throw new SimError(400, `registry.ollama.ai/library/sim-${profile.name}:latest does not support tools`);
  }
}

let callCounter = 0;
/** Ollama's tool call ids: `call_` + 8 lowercase letters or digits. */
function toolCallId(): string {
  callCounter = (callCounter + 1) % 36 ** 8;
  return `call_${callCounter.toString(36).padStart(8, '0')}`;
}

/** The profile's defect, applied to the competent reply. */
function applyDefect(profile: SimProfile, reply: ModelReply, request: GenerationRequest): OutputPiece[] {
  if (profile.defect === 'text-tools' && reply.toolCalls.length > 0) {
    const text = [reply.text, ...reply.toolCalls.map((call) => `<tool_call>${JSON.stringify({ name: call.name, arguments: call.input })}</tool_call>`)].filter(Boolean).join('\n');
    return textPieces(text);
  }
  const calls: OutputPiece[] = reply.toolCalls.map((planned) => {
    const call: SimToolCall = { id: toolCallId(), name: planned.name, input: planned.input };
    const tokens = countTokens(JSON.stringify({ name: call.name, arguments: call.input }));
    if (profile.defect !== 'bad-json') return { type: 'tool_call', call, tokens };
    const schema = request.conversation.tools.find((tool) => tool.name === call.name)?.schema;
    const required = schema?.required?.[0] ?? Object.keys(call.input)[0];
    const { [required]: _dropped, ...withoutRequired } = call.input;
    return { type: 'tool_call', call: { ...call, input: withoutRequired }, tokens, rawArguments: JSON.stringify(call.input).slice(0, -1) + ',"' };
  });
  return [...textPieces(reply.text), ...calls];
}

export function textPieces(text: string): OutputPiece[] {
  return splitTokens(text).map((piece) => ({ type: 'text', text: piece, tokens: 1 }));
}

/** Cuts the output at `num_predict` tokens (a tool call cut half-way is lost). */
function limitOutput(pieces: OutputPiece[], numPredict: number | undefined): { pieces: OutputPiece[]; doneReason: 'stop' | 'length' } {
  if (!numPredict) return { pieces, doneReason: 'stop' };
  let used = 0;
  const kept: OutputPiece[] = [];
  for (const piece of pieces) {
    if (used + piece.tokens > numPredict) return { pieces: kept, doneReason: 'length' };
    used += piece.tokens;
    kept.push(piece);
  }
  return { pieces: kept, doneReason: 'stop' };
}

/** Everything up to the first output token; throws SimError for what Ollama refuses. */
export async function prepareGeneration(env: GenerationEnvironment, request: GenerationRequest, startedNs: bigint, signal?: AbortSignal): Promise<PreparedGeneration> {
  const profile = resolveProfile(request.model);
  checkCapabilities(profile, request);
  const numCtx = effectiveContext(request.numCtx, env.serverContext, profile.shape.trainedContext);
  const loadNs = await env.scheduler.ensureLoaded(profile, numCtx, signal);
  const fitted = fitPrompt(request.conversation, numCtx, { numKeep: request.numKeep, contextShift: profile.shape.family !== 'deepseek2' });
  const reply = (profile.think ?? think)(fitted.conversation);
  const { pieces, doneReason } = limitOutput(applyDefect(profile, reply, request), request.numPredict);
  return { profile, request, numCtx, loadNs, startedNs, fitted, pieces, doneReason };
}

/** Replaces the reply by an enormous text (the `huge` fault): ~4 MB in 64 KB pieces. */
export function hugePieces(): OutputPiece[] {
  const chunk = 'All work and no play makes a dull model. '.repeat(1600);
  return Array.from({ length: 64 }, () => ({ type: 'text', text: chunk, tokens: countTokens(chunk) }));
}

export type DecodeEvent = { type: 'piece'; piece: OutputPiece; index: number } | { type: 'done'; metrics: Metrics; doneReason: string };

/** Prefill, then the pieces at the decode rate, then the final metrics. `fast` skips decode sleeps. */
export async function* decode(prepared: PreparedGeneration, signal?: AbortSignal, fast = false): AsyncGenerator<DecodeEvent> {
  const { profile, fitted } = prepared;
  const prefillStart = nowNs();
  await sleepUntil(prefillStart, tokensMs(fitted.promptTokens, profile.prefillTokensPerSecond), signal);
  const promptEvalNs = Math.max(1, elapsedNs(prefillStart));
  const decodeStart = nowNs();
  let tokens = 0;
  for (const [index, piece] of prepared.pieces.entries()) {
    tokens += piece.tokens;
    if (!fast) await sleepUntil(decodeStart, tokensMs(tokens, profile.decodeTokensPerSecond), signal);
    if (signal?.aborted) return;
    yield { type: 'piece', piece, index };
  }
  const metrics: Metrics = {
    total_duration: Math.max(1, elapsedNs(prepared.startedNs)),
    load_duration: prepared.loadNs,
    prompt_eval_count: fitted.promptTokens,
    prompt_eval_duration: promptEvalNs,
    eval_count: tokens,
    eval_duration: Math.max(1, elapsedNs(decodeStart)),
  };
  yield { type: 'done', metrics, doneReason: prepared.doneReason };
}
