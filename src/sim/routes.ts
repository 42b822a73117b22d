// The Ollama personality: its route handlers (native /api/* and /v1/messages), each answering in
// its API's shape; SimErrors thrown here become `{"error": …}` on the native API and Anthropic error
// objects on /v1/messages. Behaves like Ollama v0.33 (llama-server engine).
import { openAiModel, openAiModels, psBody, showBody, tagsBody } from './catalog.js';
import { effectiveContext, serverDefaultContext } from './context.js';
import { modelNotFound, SimError } from './errors.js';
import {
  estimatedInputTokens,
  fromChatBody,
  fromGenerateBody,
  fromMessagesBody,
  type GenerationRequest,
} from './requests.js';
import { nativeChunk, nativeFinal, type NativeApi } from './format-native.js';
import { MessagesStreamConverter, messagesResponse } from './format-messages.js';
import { checkCapabilities, prepareGeneration, resolveProfile } from './generation.js';
import { knownPath, type Personality, type Route, type RouteContext } from './personality.js';
import { findProfile } from './profiles/index.js';
import { respondWhole, streamGeneration } from './streaming.js';
import {
  anthropicError,
  GARBAGE_LINE,
  GARBAGE_SSE,
  generateId,
  nativeError,
  ndjsonLine,
  sseEvent,
  writeJson,
} from './wire.js';

export type { Route, RouteContext } from './personality.js';

export const SIM_VERSION = '0.33.0-sim';

const running: Route = ({ req, res }) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(req.method === 'HEAD' ? undefined : 'Ollama is running');
};

const show: Route = ({ res, body }) => {
  const name = String(body.model ?? body.name ?? '');
  if (!name) throw new SimError(400, 'model is required');
  const profile = findProfile(name);
  // /api/show names the model with its tag.
  if (!profile) throw modelNotFound(name.includes(':') ? name : `${name}:latest`);
  writeJson(res, 200, showBody(profile, body.verbose === true));
};

/**
 * Load-only and unload requests (empty prompt / no messages) answer at once: `keep_alive: 0`
 * unloads, else the model is loaded and the reply says `load` (with no durations, as v0.33 does).
 */
async function loadOnly(ctx: RouteContext, api: NativeApi, request: GenerationRequest): Promise<void> {
  const profile = resolveProfile(request.model);
  if (request.unload) {
    ctx.env.scheduler.unload(profile);
    return writeJson(ctx.res, 200, nativeFinal(api, request.model, {}, 'unload'));
  }
  const numCtx = effectiveContext(request.numCtx, ctx.env.serverContext, profile.shape.trainedContext);
  await ctx.env.scheduler.ensureLoaded(profile, numCtx, ctx.signal);
  writeJson(ctx.res, 200, nativeFinal(api, request.model, {}, 'load'));
}

async function native(ctx: RouteContext, api: NativeApi, request: GenerationRequest, empty: boolean): Promise<void> {
  const profile = resolveProfile(request.model);
  checkCapabilities(profile, request);
  if (empty) return loadOnly(ctx, api, request);
  const prepared = await prepareGeneration(ctx.env, request, ctx.startedNs, ctx.signal);
  const model = request.model;
  try {
    if (!request.stream) {
      return await respondWhole(
        ctx.res,
        prepared,
        { build: (pieces, metrics, doneReason) => nativeFinal(api, model, metrics, doneReason, pieces) },
        ctx.fault,
        ctx.signal,
      );
    }
    await streamGeneration(
      ctx.res,
      prepared,
      {
        contentType: 'application/x-ndjson',
        piece: (piece) => ndjsonLine(nativeChunk(api, model, piece)),
        done: (metrics, doneReason) => ndjsonLine(nativeFinal(api, model, metrics, doneReason)),
        garbage: GARBAGE_LINE,
      },
      ctx.fault,
      ctx.signal,
    );
  } finally {
    // `keep_alive: 0` with a prompt: the runner expires once this request is answered.
    if (request.unload) ctx.env.scheduler.unload(profile);
  }
}

const chat: Route = (ctx) => {
  const request = fromChatBody(ctx.body);
  return native(ctx, 'chat', request, request.conversation.messages.length === 0);
};

const generate: Route = (ctx) => {
  const request = fromGenerateBody(ctx.body);
  return native(ctx, 'generate', request, request.prompt === '');
};

const messages: Route = async (ctx) => {
  const request = fromMessagesBody(ctx.body);
  const prepared = await prepareGeneration(ctx.env, request, ctx.startedNs, ctx.signal);
  const id = generateId('msg');
  if (!request.stream) {
    return respondWhole(
      ctx.res,
      prepared,
      { build: (pieces, metrics, doneReason) => messagesResponse(id, request.model, pieces, metrics, doneReason) },
      ctx.fault,
      ctx.signal,
    );
  }
  // message_start comes before the real count is known: Ollama's estimate (characters / 4 of the request).
  const converter = new MessagesStreamConverter(id, request.model, { inputTokens: estimatedInputTokens(ctx.body) });
  const events = (list: [string, unknown][]): string => list.map(([event, data]) => sseEvent(event, data)).join('');
  await streamGeneration(
    ctx.res,
    prepared,
    {
      contentType: 'text/event-stream',
      piece: (piece) => events(converter.piece(piece)),
      done: (metrics, doneReason) => events(converter.done(metrics, doneReason)),
      garbage: GARBAGE_SSE,
    },
    ctx.fault,
    ctx.signal,
  );
};

/** Ollama's handlers refuse a POST with no body before reading it (the Messages middleware with the decoder's EOF). */
const withBody =
  (route: Route): Route =>
  (ctx) => {
    if (!ctx.raw.trim()) throw new SimError(400, isMessagesPath(ctx.path) ? 'EOF' : 'missing request body');
    return route(ctx);
  };

const openAiModelRoute: Route = ({ res, path }) => {
  const name = decodeURIComponent(path.slice('/v1/models/'.length));
  const profile = findProfile(name);
  if (!profile)
    return writeJson(res, 404, { error: { message: `model '${name}' not found`, type: 'not_found_error' } });
  writeJson(res, 200, openAiModel(profile, name));
};

/** `METHOD /path` → handler. Another method on a known path is gin's 405, anything else its plain-text 404. */
export const ROUTES: Record<string, Route> = {
  'GET /': running,
  'HEAD /': running,
  'GET /api/version': ({ res }) => writeJson(res, 200, { version: SIM_VERSION }),
  'HEAD /api/version': ({ res }) => writeJson(res, 200, { version: SIM_VERSION }),
  'GET /api/tags': ({ res }) => writeJson(res, 200, tagsBody()),
  'HEAD /api/tags': ({ res }) => writeJson(res, 200, tagsBody()),
  'POST /api/show': withBody(show),
  'GET /api/ps': ({ res, env }) => writeJson(res, 200, psBody(env.scheduler.list())),
  'POST /api/chat': withBody(chat),
  'POST /api/generate': withBody(generate),
  'POST /v1/messages': withBody(messages),
  'GET /v1/models': ({ res }) => writeJson(res, 200, openAiModels()),
  'GET /v1/models/*': openAiModelRoute,
};

/** Routes whose errors use the Anthropic shape. */
export const isMessagesPath = (path: string): boolean => path.startsWith('/v1/messages');

function plainText(res: RouteContext['res'], status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' });
  res.end(text);
}

/** encoding/json's wording for what JSON.parse found. */
function goDecodeError(message: string): string {
  if (message.startsWith('request body')) return message;
  if (/end of JSON input|Unterminated/i.test(message)) return 'unexpected EOF';
  return `invalid character in JSON body: ${message}`;
}

export const OLLAMA: Personality = {
  backend: 'ollama',
  routes: ROUTES,
  defaultContext: (vramBytes) => serverDefaultContext(vramBytes),
  // gin with HandleMethodNotAllowed: a known path asked with another method is 405.
  notFound: (res, _method, path) =>
    knownPath(ROUTES, path) ? plainText(res, 405, '405 method not allowed') : plainText(res, 404, '404 page not found'),
  // Go's JSON decoder fails with a 400 and its message ("unexpected EOF" for a body cut short).
  malformed: (res, path, message) => OLLAMA.error(res, path, new SimError(400, goDecodeError(message))),
  error: (res, path, error) =>
    writeJson(
      res,
      error.status,
      isMessagesPath(path) ? anthropicError(error.status, error.message) : nativeError(error.message),
    ),
  profileFor: (model) => (model ? findProfile(model) : undefined),
};
