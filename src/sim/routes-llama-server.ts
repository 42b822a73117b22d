// The llama-server personality (llama.cpp tools/server at 34af94cd, run with `-c N --jinja
// --metrics`): no /api/*, a context fixed at start, per-slot prompt caches, server timings on
// /v1/chat/completions and /completion, and its own error shape `{"error": {code, message, type}}`.
// Every sim profile is listed as a model (as a router would); a request naming one runs on it,
// any other name on the first (llama-server answers whatever the name).
import { exceedsContext, type SimError } from './errors.js';
import type { OutputPiece, PreparedGeneration } from './generation.js';
import {
  ChatChunks,
  chatCompletionBody,
  completionBody,
  completionChunk,
  completionId,
  llamaToolCallId,
  metricsText,
  modelAlias,
  modelsBody,
  propsBody,
  slotsBody,
  textOf,
  tokenId,
} from './format-llama.js';
import { replyMessages } from './format-messages.js';
import type { Personality, Route, RouteContext } from './personality.js';
import { findProfile, SIM_PROFILES } from './profiles/index.js';
import type { SimProfile } from './profiles/types.js';
import { fromMessagesBody, type GenerationRequest } from './requests.js';
import { fromChatCompletionsBody, fromCompletionBody, type LlamaRequest } from './requests-llama.js';
import { respondWhole, streamGeneration } from './streaming.js';
import { conversationTokens } from './context.js';
import { splitTokens } from './tokens.js';
import { llamaError, writeJson } from './wire.js';

/** llama-server's automatic `-np`: 4 slots sharing one unified KV cache, each with the whole context. */
export const LLAMA_SERVER_SLOTS = 4;
/** The context when the simulator's options set none (llama-server's own default would be the trained one). */
export const LLAMA_SERVER_DEFAULT_CONTEXT = 4096;

const DEFAULT_PROFILE = SIM_PROFILES[0];

/** The profile a model name selects: a sim profile by name, else the default model. */
export const profileOf = (model: string | null | undefined): SimProfile =>
  (model ? findProfile(model) : undefined) ?? DEFAULT_PROFILE;

/** llama-server's tool call ids are 32 letters and digits. */
function withLlamaIds(prepared: PreparedGeneration): PreparedGeneration {
  prepared.pieces = prepared.pieces.map(
    (piece): OutputPiece =>
      piece.type === 'tool_call' ? { ...piece, call: { ...piece.call, id: llamaToolCallId(piece.call.id) } } : piece,
  );
  return prepared;
}

async function prepare(
  ctx: RouteContext,
  profile: SimProfile,
  request: GenerationRequest,
  llama?: LlamaRequest,
): Promise<PreparedGeneration> {
  const prepared = await ctx.env.fixed.prepare(profile, request, ctx.startedNs, {
    cachePrompt: llama?.cachePrompt,
    idSlot: llama?.idSlot,
    signal: ctx.signal,
    refuse: exceedsContext,
    keepCutCall: true,
  });
  return withLlamaIds(prepared);
}

const sseData = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
const GARBAGE_DATA = 'data: {"choices": <<garbage>>\n\n';

const messages: Route = async (ctx) => {
  const request = fromMessagesBody(ctx.body, 'llama-server');
  const profile = profileOf(request.model);
  const prepared = await prepare(ctx, profile, request);
  const id = completionId();
  const model = modelAlias(profile);
  await replyMessages(ctx, prepared, request.stream, id, model, 'llama-server');
};

const countTokens: Route = ({ res, body }) => {
  const request = fromMessagesBody(body, 'llama-server');
  writeJson(res, 200, { input_tokens: conversationTokens(request.conversation) });
};

const chatCompletions: Route = async (ctx) => {
  const request = fromChatCompletionsBody(ctx.body);
  const profile = profileOf(request.model);
  const prepared = await prepare(ctx, profile, request, request);
  const id = completionId();
  const model = modelAlias(profile);
  if (!request.stream) {
    return respondWhole(
      ctx.res,
      prepared,
      { build: (pieces, _metrics, doneReason, timings) => chatCompletionBody(id, model, pieces, doneReason, timings) },
      ctx.fault,
      ctx.signal,
    );
  }
  const options = ctx.body.stream_options as { include_usage?: unknown } | undefined;
  const chunks = new ChatChunks(id, model, options?.include_usage === true);
  await streamGeneration(
    ctx.res,
    prepared,
    {
      contentType: 'text/event-stream',
      piece: (piece) => chunks.piece(piece).map(sseData).join(''),
      done: (_metrics, doneReason, timings) =>
        chunks.done(doneReason, timings).map(sseData).join('') + 'data: [DONE]\n\n',
      garbage: GARBAGE_DATA,
    },
    ctx.fault,
    ctx.signal,
  );
};

const completion: Route = async (ctx) => {
  const request = fromCompletionBody(ctx.body);
  const profile = profileOf(request.model);
  const prepared = await prepare(ctx, profile, request, request);
  const model = modelAlias(profile);
  const slot = prepared.slotId ?? 0;
  const settings = { maxTokens: request.numPredict ?? -1, stream: request.stream };
  if (!request.stream) {
    return respondWhole(
      ctx.res,
      prepared,
      {
        build: (pieces, _metrics, doneReason, timings) =>
          completionBody(model, request.prompt, textOf(pieces), slot, doneReason, timings, settings),
      },
      ctx.fault,
      ctx.signal,
    );
  }
  let decoded = 0;
  const vocab = profile.shape.vocabSize ?? 32_000;
  await streamGeneration(
    ctx.res,
    prepared,
    {
      contentType: 'text/event-stream',
      piece: (piece) => {
        const text = piece.type === 'text' ? piece.text : '';
        return sseData(
          completionChunk(text, [tokenId(text, vocab)], (decoded += piece.tokens), prepared.fitted.promptTokens),
        );
      },
      done: (_metrics, doneReason, timings) =>
        sseData(completionBody(model, request.prompt, '', slot, doneReason, timings, settings)),
      garbage: GARBAGE_DATA,
    },
    ctx.fault,
    ctx.signal,
  );
};

const tokenize: Route = ({ res, body }) => {
  const content = typeof body.content === 'string' ? body.content : '';
  const vocab = profileOf(typeof body.model === 'string' ? body.model : null).shape.vocabSize ?? 32_000;
  const pieces = splitTokens(content);
  writeJson(res, 200, {
    tokens:
      body.with_pieces === true
        ? pieces.map((piece) => ({ id: tokenId(piece, vocab), piece }))
        : pieces.map((piece) => tokenId(piece, vocab)),
  });
};

const applyTemplate: Route = ({ res, body }) => {
  const request = fromChatCompletionsBody(body);
  writeJson(res, 200, {
    prompt: request.conversation.messages.map((m) => `<|${m.role}|>${m.text}`).join('') + '<|assistant|>',
  });
};

const health: Route = ({ res }) => writeJson(res, 200, { status: 'ok' });
const models: Route = ({ res, env }) => writeJson(res, 200, modelsBody(env.fixed));

const UI_PAGE =
  '<!doctype html><html><head><title>llama.cpp (simulated)</title></head><body><p>llama-server web UI (simulated by claude-code-bench)</p></body></html>';

/** `METHOD /path` → handler; anything else is llama-server's JSON 404. */
export const LLAMA_SERVER_ROUTES: Record<string, Route> = {
  'GET /': ({ res }) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(UI_PAGE) });
    res.end(UI_PAGE);
  },
  'GET /health': health,
  'GET /v1/health': health,
  'GET /props': ({ res, env, query }) => writeJson(res, 200, propsBody(env.fixed, profileOf(query.get('model')))),
  'GET /models': models,
  'GET /v1/models': models,
  'GET /slots': ({ res, env, query }) => writeJson(res, 200, slotsBody(env.fixed, profileOf(query.get('model')))),
  'GET /metrics': ({ res, env }) => {
    const text = metricsText(env.fixed);
    res.writeHead(200, {
      'Content-Type': 'text/plain; version=0.0.4',
      'Content-Length': Buffer.byteLength(text),
      'Process-Start-Time-Unix': String(env.fixed.startedAt),
    });
    res.end(text);
  },
  'POST /v1/messages': messages,
  'POST /v1/messages/count_tokens': countTokens,
  'POST /v1/chat/completions': chatCompletions,
  'POST /chat/completions': chatCompletions,
  'POST /completion': completion,
  'POST /completions': completion,
  'POST /tokenize': tokenize,
  'POST /apply-template': applyTemplate,
};

function llamaErrorBody(error: SimError): { error: Record<string, unknown> } {
  return llamaError(error.status, error.message, error.detail.type, error.detail.fields);
}

export const LLAMA_SERVER: Personality = {
  backend: 'llama-server',
  routes: LLAMA_SERVER_ROUTES,
  defaultContext: () => LLAMA_SERVER_DEFAULT_CONTEXT,
  notFound: (res) => writeJson(res, 404, llamaError(404, 'File Not Found')),
  // nlohmann::json's parse error is not an invalid_argument: the exception wrapper answers 500.
  malformed: (res, _path, message) =>
    writeJson(res, 500, llamaError(500, `[json.exception.parse_error.101] parse error: ${message}`)),
  error: (res, _path, error) => writeJson(res, error.status, llamaErrorBody(error)),
  profileFor: (model) => profileOf(model),
};
