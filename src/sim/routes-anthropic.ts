// The Anthropic-only personality: a server that speaks nothing but the Messages API (vLLM, SGLang,
// LM Studio, LiteLLM): POST /v1/messages and GET /v1/models (no context, no timings, no metadata),
// a context fixed at start, and everything else FastAPI's `{"detail": …}` 404 (405 for a known
// path with another method). Blocks are streamed in Anthropic's order; usage is split into
// `input_tokens` and `cache_read_input_tokens` (prefix caching).
import { SimError } from './errors.js';
import { replyMessages } from './format-messages.js';
import { knownPath, type Personality, type Route } from './personality.js';
import { findProfile, SIM_MODEL_PREFIX, SIM_PROFILES } from './profiles/index.js';
import { fromMessagesBody } from './requests.js';
import { anthropicError, generateId, writeJson } from './wire.js';

/** The context when the simulator's options set none. */
export const ANTHROPIC_DEFAULT_CONTEXT = 4096;

/** Anthropic's own wording for a prompt over the context. */
const promptTooLong = (promptTokens: number, numCtx: number): SimError =>
  new SimError(400, `prompt is too long: ${promptTokens} tokens > ${numCtx - 1} maximum`);

const messages: Route = async (ctx) => {
  const request = fromMessagesBody(ctx.body, 'anthropic');
  const profile = findProfile(request.model);
  if (!profile) throw new SimError(404, `model: ${request.model}`);
  const prepared = await ctx.env.fixed.prepare(profile, request, ctx.startedNs, {
    signal: ctx.signal,
    refuse: promptTooLong,
  });
  const id = generateId('msg');
  await replyMessages(ctx, prepared, request.stream, id, request.model, 'anthropic');
};

const CREATED = Math.floor(Date.parse('2026-01-15T10:00:00Z') / 1000);

export const ANTHROPIC_ROUTES: Record<string, Route> = {
  'POST /v1/messages': messages,
  'GET /v1/models': ({ res }) =>
    writeJson(res, 200, {
      object: 'list',
      data: SIM_PROFILES.map((profile) => ({
        id: `${SIM_MODEL_PREFIX}${profile.name}`,
        object: 'model',
        created: CREATED,
        owned_by: 'sim',
      })),
    }),
};

export const ANTHROPIC_ONLY: Personality = {
  backend: 'anthropic',
  routes: ANTHROPIC_ROUTES,
  defaultContext: () => ANTHROPIC_DEFAULT_CONTEXT,
  notFound: (res, _method, path) =>
    knownPath(ANTHROPIC_ROUTES, path)
      ? writeJson(res, 405, { detail: 'Method Not Allowed' })
      : writeJson(res, 404, { detail: 'Not Found' }),
  malformed: (res, _path, message) => writeJson(res, 400, anthropicError(400, `invalid JSON body: ${message}`)),
  error: (res, _path, error) => writeJson(res, error.status, anthropicError(error.status, error.message)),
  profileFor: (model) => (model ? findProfile(model) : undefined),
};
