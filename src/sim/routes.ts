// Route handlers. Each gets the parsed body and answers in its API's shape; SimErrors thrown here
// become `{"error": …}` on the native API and Anthropic error objects on /v1/messages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { psBody, showBody, tagsBody } from './catalog.js';
import { countTokens } from './tokens.js';
import { modelNotFound, SimError } from './errors.js';
import { nativeChunk, nativeFinal, type NativeApi } from './format-native.js';
import { MessagesStreamConverter, messagesResponse } from './format-messages.js';
import { checkCapabilities, prepareGeneration, resolveProfile, type GenerationEnvironment } from './generation.js';
import { findProfile } from './profiles/index.js';
import { fromChatBody, fromGenerateBody, fromMessagesBody, type GenerationRequest } from './requests.js';
import { respondWhole, streamGeneration, type StreamFault } from './streaming.js';
import { effectiveContext } from './context.js';
import { messageText, toolsText } from './conversation.js';
import { GARBAGE_LINE, GARBAGE_SSE, generateId, ndjsonLine, sseEvent, writeJson } from './wire.js';

export const SIM_VERSION = '0.12.6-sim';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  body: Record<string, unknown>;
  env: GenerationEnvironment;
  fault: StreamFault;
  /** Aborted when the client goes away or the simulator closes. */
  signal: AbortSignal;
  startedNs: bigint;
}

export type Route = (ctx: RouteContext) => Promise<void> | void;

const running: Route = ({ req, res }) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(req.method === 'HEAD' ? undefined : 'Ollama is running');
};

const show: Route = ({ res, body }) => {
  const name = String(body.model ?? body.name ?? '');
  if (!name) throw new SimError(400, 'model is required');
  const profile = findProfile(name);
  if (!profile) throw modelNotFound(name);
  writeJson(res, 200, showBody(profile));
};

/** Load-only and unload requests (empty prompt / no messages / keep_alive 0) answer at once. */
async function loadOnly(ctx: RouteContext, api: NativeApi, request: GenerationRequest): Promise<void> {
  const profile = resolveProfile(request.model);
  if (request.unload) {
    ctx.env.scheduler.unload(profile);
    return writeJson(ctx.res, 200, nativeFinal(api, request.model, {}, 'unload'));
  }
  const numCtx = effectiveContext(request.numCtx, ctx.env.serverContext, profile.shape.trainedContext);
  const loadNs = await ctx.env.scheduler.ensureLoaded(profile, numCtx, ctx.signal);
  writeJson(ctx.res, 200, nativeFinal(api, request.model, { load_duration: loadNs, total_duration: loadNs }, 'load'));
}

async function native(ctx: RouteContext, api: NativeApi, request: GenerationRequest, empty: boolean): Promise<void> {
  checkCapabilities(resolveProfile(request.model), request);
  if (empty || request.unload) return loadOnly(ctx, api, request);
  const prepared = await prepareGeneration(ctx.env, request, ctx.startedNs, ctx.signal);
  const model = request.model;
  if (!request.stream) {
    return respondWhole(ctx.res, prepared, { build: (pieces, metrics, doneReason) => nativeFinal(api, model, metrics, doneReason, pieces) }, ctx.fault, ctx.signal);
  }
  await streamGeneration(ctx.res, prepared, {
    contentType: 'application/x-ndjson',
    piece: (piece) => ndjsonLine(nativeChunk(api, model, piece)),
    done: (metrics, doneReason) => ndjsonLine(nativeFinal(api, model, metrics, doneReason)),
    garbage: GARBAGE_LINE,
  }, ctx.fault, ctx.signal);
}

const chat: Route = (ctx) => {
  const request = fromChatBody(ctx.body);
  return native(ctx, 'chat', request, request.conversation.messages.length === 0);
};

const generate: Route = (ctx) => {
  const request = fromGenerateBody(ctx.body);
  return native(ctx, 'generate', request, request.prompt === '');
};

/** Ollama's estimate for message_start: characters / 4 of the request. */
function estimatedInputTokens(request: GenerationRequest): number {
  const { messages, tools } = request.conversation;
  return countTokens(messages.map(messageText).join('') + toolsText(tools));
}

const messages: Route = async (ctx) => {
  const request = fromMessagesBody(ctx.body);
  const prepared = await prepareGeneration(ctx.env, request, ctx.startedNs, ctx.signal);
  const id = generateId('msg');
  if (!request.stream) {
    return respondWhole(ctx.res, prepared, { build: (pieces, metrics, doneReason) => messagesResponse(id, request.model, pieces, metrics, doneReason) }, ctx.fault, ctx.signal);
  }
  const converter = new MessagesStreamConverter(id, request.model, estimatedInputTokens(request));
  const events = (list: [string, unknown][]): string => list.map(([event, data]) => sseEvent(event, data)).join('');
  await streamGeneration(ctx.res, prepared, {
    contentType: 'text/event-stream',
    piece: (piece) => events(converter.piece(piece)),
    done: (metrics, doneReason) => events(converter.done(metrics, doneReason)),
    garbage: GARBAGE_SSE,
  }, ctx.fault, ctx.signal);
};

/** `METHOD /path` → handler. Anything else is gin's plain-text 404. */
export const ROUTES: Record<string, Route> = {
  'GET /': running,
  'HEAD /': running,
  'GET /api/version': ({ res }) => writeJson(res, 200, { version: SIM_VERSION }),
  'HEAD /api/version': ({ res }) => writeJson(res, 200, { version: SIM_VERSION }),
  'GET /api/tags': ({ res }) => writeJson(res, 200, tagsBody()),
  'POST /api/show': show,
  'GET /api/ps': ({ res, env }) => writeJson(res, 200, psBody(env.scheduler.list())),
  'POST /api/chat': chat,
  'POST /api/generate': generate,
  'POST /v1/messages': messages,
};

/** Routes whose errors use the Anthropic shape. */
export const isMessagesPath = (path: string): boolean => path.startsWith('/v1/messages');
