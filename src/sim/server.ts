// The simulator: an HTTP server that behaves like Ollama (or llama-server, or an Anthropic-only
// server) on the wire, with simulated models `sim-<profile>` behind it. Every request is kept
// (secrets redacted) so tests can assert on them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readBody } from '../shared/http.js';
import { redactHeaders } from '../shared/redact.js';
import { DEFAULT_VRAM_BYTES } from './context.js';
import { SimError } from './errors.js';
import { FAULT_MESSAGES, FaultPlan, type FaultRule } from './faults.js';
import { FixedServer } from './fixed-server.js';
import type { GenerationEnvironment } from './generation.js';
import { findRoute, type Personality, type SimBackend } from './personality.js';
import { SIM_PROFILES } from './profiles/index.js';
import { OLLAMA } from './routes.js';
import { ANTHROPIC_ONLY } from './routes-anthropic.js';
import { LLAMA_SERVER, LLAMA_SERVER_SLOTS } from './routes-llama-server.js';
import { ModelScheduler } from './scheduler.js';
import type { StreamFault } from './streaming.js';
import { nowNs, sleep } from './timing.js';

export type { FaultKind, FaultRule } from './faults.js';
export type { SimBackend } from './personality.js';

const PERSONALITIES: Record<SimBackend, Personality> = {
  ollama: OLLAMA,
  'llama-server': LLAMA_SERVER,
  anthropic: ANTHROPIC_ONLY,
};

export interface SimulatorOptions {
  host?: string;
  /** 0 = an ephemeral port. */
  port?: number;
  /** Which server to behave like on the wire (default `ollama`). */
  backend?: SimBackend;
  /**
   * The server context: like OLLAMA_CONTEXT_LENGTH for `ollama` (default by VRAM), the `-c` that
   * llama-server was started with for `llama-server` and the fixed context of `anthropic` (default 4096).
   */
  contextLength?: number;
  /** Simulated total VRAM (default 16 GiB → server default context 4096). */
  vramBytes?: number;
  /** false: each model gets the whole simulated GPU (no eviction), for models tested side by side. Default true, like Ollama. */
  shareGpu?: boolean;
  /** Faults injected for every profile, after each profile's own. */
  faults?: FaultRule[];
  /**
   * Keep every request received in `requests` (default true, for tests and library use). `bench run
   * --sim` and `bench sim` turn it off: a run sends hundreds of prompts of up to 128K tokens, and a
   * server that keeps each one grows without end.
   */
  keepRequests?: boolean;
  log?: (line: string) => void;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: unknown;
  time: string;
}

export interface RunningSimulator {
  url: string;
  port: number;
  /** Every request received, oldest first (empty when `keepRequests` is false). */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Parses a JSON body; what a malformed one gets is the personality's (Ollama 400, llama-server 500). */
function parseBody(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const log = options.log ?? (() => {});
  const personality = PERSONALITIES[options.backend ?? 'ollama'];
  if (!personality) throw new Error(`unknown simulator backend: ${String(options.backend)}`);
  const vramBytes = options.vramBytes ?? DEFAULT_VRAM_BYTES;
  const serverContext =
    options.contextLength && options.contextLength > 0 ? options.contextLength : personality.defaultContext(vramBytes);
  const env: GenerationEnvironment = {
    scheduler: new ModelScheduler(vramBytes, options.shareGpu ?? true),
    serverContext,
    fixed:
      personality.backend === 'llama-server'
        ? new FixedServer(serverContext, LLAMA_SERVER_SLOTS, true)
        : new FixedServer(serverContext, 1, false),
  };
  const sendError = (res: ServerResponse, path: string, status: number, message: string): void =>
    personality.error(res, path, new SimError(status, message));
  const profilePlans = new Map(SIM_PROFILES.map((profile) => [profile.name, new FaultPlan(profile.faults)]));
  const serverPlan = new FaultPlan(options.faults ?? []);
  const requests: ReceivedRequest[] = [];
  const keepRequests = options.keepRequests ?? true;
  const sockets = new Set<Socket>();
  const closing = new AbortController();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedNs = nowNs();
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const text = req.method === 'POST' || req.method === 'PUT' ? (await readBody(req)).toString('utf8') : '';
    const parsed = parseBody(text);
    if (keepRequests)
      requests.push({
        method: req.method ?? 'GET',
        path,
        query: url.search.replace(/^\?/, ''),
        headers: redactHeaders(req.headers),
        body: parsed.ok ? parsed.value : text,
        time: new Date().toISOString(),
      });
    log(`${req.method} ${path}${url.search}`);

    const route = findRoute(personality.routes, req.method ?? 'GET', path);
    if (!route) return personality.notFound(res, req.method ?? 'GET', path);
    if (!parsed.ok) return personality.malformed(res, path, parsed.message);
    const body =
      parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value)
        ? (parsed.value as Record<string, unknown>)
        : {};
    if (parsed.value !== undefined && body !== parsed.value)
      return personality.malformed(res, path, 'request body must be a JSON object');

    const model = typeof body.model === 'string' ? body.model : typeof body.name === 'string' ? body.name : null;
    const profile = personality.profileFor(model);
    const fault = (profile && profilePlans.get(profile.name)?.next(path, model)) || serverPlan.next(path, model);
    if (fault) log(`fault ${fault.kind} on ${req.method} ${path} (${model ?? 'no model'})`);
    if (fault?.kind === 'refuse') return void req.socket.destroy();
    if (fault?.kind === 'http500') return sendError(res, path, 500, FAULT_MESSAGES.http500);
    if (fault?.kind === 'http503') return sendError(res, path, 503, FAULT_MESSAGES.http503);
    if (fault?.kind === 'slow-first-byte') await sleep(fault.delayMs ?? 2000, closing.signal);

    // Aborted when the client hangs up before the reply is complete, or when the simulator closes.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const signal = AbortSignal.any([gone.signal, closing.signal]);
    const streamFault = fault && fault.kind !== 'slow-first-byte' ? (fault.kind as StreamFault) : null;
    try {
      await route({
        req,
        res,
        path,
        raw: text,
        body,
        query: url.searchParams,
        env,
        fault: streamFault,
        signal,
        startedNs,
      });
    } catch (error) {
      if (error instanceof SimError) return personality.error(res, path, error);
      throw error;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`error: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent)
        sendError(
          res,
          new URL(req.url ?? '/', 'http://sim').pathname,
          500,
          (error as Error)?.message ?? 'internal error',
        );
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(`simulator (${personality.backend}) listening on ${url} (server context ${env.serverContext})`);

  return {
    url,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
