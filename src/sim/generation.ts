// One generation, whichever API asked: resolve the model, load it at the right context, fit the
// prompt, let the model think, apply the profile's defect, then decode with real sleeps.
import { templateOrderPrompt, type SimTool, type SimToolCall } from './conversation.js';
import { effectiveContext, fitPrompt, type FittedPrompt } from './context.js';
import { modelNotFound, SimError } from './errors.js';
import { think, type ModelReply } from './model.js';
import { findProfile } from './profiles/index.js';
import type { SimProfile } from './profiles/types.js';
import type { GenerationRequest } from './requests.js';
import type { FixedServer } from './fixed-server.js';
import type { ModelScheduler } from './scheduler.js';
import { elapsedNs, nowNs, sleepUntil, tokensMs } from './timing.js';
import { CHARS_PER_TOKEN, countTokens, splitTokens } from './tokens.js';

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

/** What llama-server reports in `timings` (and the Ollama metrics are made of), in tokens and ms. */
export interface GenerationTimings {
  /** Prompt tokens, cached and processed. */
  promptTokens: number;
  cachedTokens: number;
  processedTokens: number;
  promptMs: number;
  decodeTokens: number;
  decodeMs: number;
}

export interface PreparedGeneration {
  profile: SimProfile;
  request: GenerationRequest;
  numCtx: number;
  loadNs: number;
  startedNs: bigint;
  fitted: FittedPrompt;
  /** Prompt tokens served from the prompt cache; prefill processes only the rest. */
  cachedTokens: number;
  /** The llama-server slot it runs on. */
  slotId?: number;
  pieces: OutputPiece[];
  doneReason: 'stop' | 'length';
  /** Called once when decoding ends, finished or abandoned: the slot keeps what was generated. */
  release?: (generated: string, timings: GenerationTimings) => void;
}

export interface GenerationEnvironment {
  /** Ollama: which models are loaded, at what context. */
  scheduler: ModelScheduler;
  serverContext: number;
  /** llama-server and Anthropic-only servers: models loaded at start, their slots and counters. */
  fixed: FixedServer;
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
    const text = [
      reply.text,
      ...reply.toolCalls.map(
        (call) => `<tool_call>${JSON.stringify({ name: call.name, arguments: call.input })}</tool_call>`,
      ),
    ]
      .filter(Boolean)
      .join('\n');
    return textPieces(text);
  }
  const calls: OutputPiece[] = reply.toolCalls.map((planned) => {
    const call: SimToolCall = { id: toolCallId(), name: planned.name, input: planned.input };
    const tokens = countTokens(JSON.stringify({ name: call.name, arguments: call.input }));
    if (profile.defect !== 'bad-json') return { type: 'tool_call', call, tokens };
    const schema = request.conversation.tools.find((tool) => tool.name === call.name)?.schema;
    const required = schema?.required?.[0] ?? Object.keys(call.input)[0];
    const { [required]: _dropped, ...withoutRequired } = call.input;
    return {
      type: 'tool_call',
      call: { ...call, input: withoutRequired },
      tokens,
      rawArguments: JSON.stringify(call.input).slice(0, -1) + ',"',
    };
  });
  return [...textPieces(reply.text), ...calls];
}

export function textPieces(text: string): OutputPiece[] {
  return splitTokens(text).map((piece) => ({ type: 'text', text: piece, tokens: 1 }));
}

/**
 * Cuts the output at `num_predict` tokens. A tool call cut half-way is lost (Ollama), or with
 * `keepCutCall` (llama-server) kept with the arguments written so far: `input` {} since they do not parse.
 */
function limitOutput(
  pieces: OutputPiece[],
  numPredict: number | undefined,
  keepCutCall = false,
): { pieces: OutputPiece[]; doneReason: 'stop' | 'length' } {
  if (!numPredict) return { pieces, doneReason: 'stop' };
  let used = 0;
  const kept: OutputPiece[] = [];
  for (const piece of pieces) {
    if (used + piece.tokens > numPredict) {
      const room = numPredict - used;
      if (keepCutCall && piece.type === 'tool_call' && room > 0) {
        const partial = (piece.rawArguments ?? JSON.stringify(piece.call.input)).slice(0, room * CHARS_PER_TOKEN);
        kept.push({ type: 'tool_call', call: { ...piece.call, input: {} }, tokens: room, rawArguments: partial });
      }
      return { pieces: kept, doneReason: 'length' };
    }
    used += piece.tokens;
    kept.push(piece);
  }
  return { pieces: kept, doneReason: 'stop' };
}

/** Everything up to the first output token; throws SimError for what Ollama refuses. */
export async function prepareGeneration(
  env: GenerationEnvironment,
  request: GenerationRequest,
  startedNs: bigint,
  signal?: AbortSignal,
): Promise<PreparedGeneration> {
  const profile = resolveProfile(request.model);
  checkCapabilities(profile, request);
  const numCtx = effectiveContext(request.numCtx, env.serverContext, profile.shape.trainedContext);
  const loadNs = await env.scheduler.ensureLoaded(profile, numCtx, signal);
  const fitted = fitPrompt(request.conversation, numCtx, {
    numKeep: request.numKeep,
    contextShift: profile.shape.family !== 'deepseek2',
    ownTemplate: profile.template === 'llama-server' && !request.promptOnly,
  });
  // Ollama runs each model in one llama-server slot: its cache lives as long as the loaded model.
  const cache = env.scheduler.promptCache(profile);
  const { slot, cachedTokens } = await cache.acquire(templateOrderPrompt(fitted.conversation), fitted.promptTokens, {
    cachePrompt: profile.promptCache !== 'off',
    signal,
  });
  const release = (generated: string, timings: GenerationTimings): void =>
    cache.release(slot, generated, timings.decodeTokens);
  return { ...replyTo(profile, request, fitted), numCtx, loadNs, startedNs, fitted, cachedTokens, release };
}

/** The model's reply to what it sees, with the profile's defect, cut at the output limit. */
export function replyTo(
  profile: SimProfile,
  request: GenerationRequest,
  fitted: FittedPrompt,
  maxTokens = request.numPredict,
  keepCutCall = false,
): Pick<PreparedGeneration, 'profile' | 'request' | 'pieces' | 'doneReason'> {
  const reply = forceTool((profile.think ?? think)(fitted.conversation), fitted.conversation.tools, request.forceTool);
  return { profile, request, ...limitOutput(applyDefect(profile, reply, request), maxTokens, keepCutCall) };
}

/** An input a schema accepts: each required property with its first `enum` value, else an empty value of its type. */
function minimalInput(tool: SimTool): Record<string, unknown> {
  const properties = (tool.schema.properties ?? {}) as Record<string, { type?: unknown; enum?: unknown[] }>;
  const empty: Record<string, unknown> = { string: '', number: 0, integer: 0, boolean: false, array: [], object: {} };
  return Object.fromEntries(
    (tool.schema.required ?? []).map((name) => {
      const property = properties[name];
      return [
        name,
        Array.isArray(property?.enum) && property.enum.length > 0
          ? property.enum[0]
          : (empty[String(property?.type)] ?? ''),
      ];
    }),
  );
}

/** A `tool_choice` that forces a call (a grammar, on a real server): a reply without one calls the tool anyway. */
function forceTool(reply: ModelReply, tools: readonly SimTool[], forced: GenerationRequest['forceTool']): ModelReply {
  if (!forced || tools.length === 0) return reply;
  const tool = typeof forced === 'string' ? tools.find((t) => t.name === forced) : tools[0];
  if (!tool) return reply;
  if (reply.toolCalls.length > 0 && (forced === true || reply.toolCalls.every((call) => call.name === forced)))
    return reply;
  return { text: '', toolCalls: [{ name: tool.name, input: minimalInput(tool) }] };
}

/** The output as the next prompt renders it (text, then each tool call's JSON), for the prompt cache. */
export function renderOutput(pieces: readonly OutputPiece[]): string {
  const text = pieces.map((piece) => (piece.type === 'text' ? piece.text : '')).join('');
  return (
    text +
    pieces
      .map((piece) =>
        piece.type === 'tool_call' ? JSON.stringify({ name: piece.call.name, arguments: piece.call.input }) : '',
      )
      .join('')
  );
}

/** Replaces the reply by an enormous text (the `huge` fault): ~4 MB in 64 KB pieces. */
export function hugePieces(): OutputPiece[] {
  const chunk = 'All work and no play makes a dull model. '.repeat(1600);
  return Array.from({ length: 64 }, () => ({ type: 'text', text: chunk, tokens: countTokens(chunk) }));
}

export type DecodeEvent =
  | { type: 'piece'; piece: OutputPiece; index: number }
  | { type: 'done'; metrics: Metrics; doneReason: string; timings: GenerationTimings };

/** Prefill of the uncached prompt, then the pieces at the decode rate, then the final metrics. `fast` skips decode sleeps. */
export async function* decode(
  prepared: PreparedGeneration,
  signal?: AbortSignal,
  fast = false,
): AsyncGenerator<DecodeEvent> {
  const { profile, fitted, cachedTokens } = prepared;
  const processedTokens = fitted.promptTokens - cachedTokens;
  const prefillStart = nowNs();
  let promptEvalNs = 0;
  let decodeStart = prefillStart;
  let tokens = 0;
  const sent: OutputPiece[] = [];
  const timings = (): GenerationTimings => ({
    promptTokens: fitted.promptTokens,
    cachedTokens,
    processedTokens,
    promptMs: promptEvalNs / 1e6,
    decodeTokens: tokens,
    decodeMs: Math.max(1, elapsedNs(decodeStart)) / 1e6,
  });
  try {
    await sleepUntil(prefillStart, tokensMs(processedTokens, profile.prefillTokensPerSecond), signal);
    promptEvalNs = Math.max(1, elapsedNs(prefillStart));
    decodeStart = nowNs();
    for (const [index, piece] of prepared.pieces.entries()) {
      if (!fast) await sleepUntil(decodeStart, tokensMs(tokens + piece.tokens, profile.decodeTokensPerSecond), signal);
      if (signal?.aborted) return;
      tokens += piece.tokens;
      sent.push(piece);
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
    yield { type: 'done', metrics, doneReason: prepared.doneReason, timings: timings() };
  } finally {
    const release = prepared.release;
    prepared.release = undefined;
    release?.(renderOutput(sent), timings());
  }
}
