// The recording proxy: Claude Code → proxy → Ollama. Only the Messages API routes Claude Code uses
// are forwarded (POST /v1/messages and /v1/messages/count_tokens), unchanged, and the reply streamed
// back as it arrives (SSE passes through byte for byte); anything else — the model server's admin
// routes (/api/delete, /api/pull, /api/create, …), other methods, odd paths — is refused with 403 and
// never reaches the server. On the way, the proxy logs what each request asked for and what came
// back, for findings, budgets and replay. It listens on a Unix socket (the agent's relay) or on one
// TCP address, never on all of them.
import { chmod } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { emptyFold, foldStreamEvent } from '../shared/anthropic-stream.js';
import {
  emptyReply,
  jsonReplySummary,
  REFUSED_ERROR,
  requestSummary,
  streamSummary,
  type ExchangeLog,
} from './exchange.js';
import { readBody } from '../shared/http.js';
import { redactHeaders } from '../shared/redact.js';
import { redactReplyBody, redactRequestBody, redactRequestHeaders, type RecordedExchange } from './recording.js';
import { SseReader } from './sse.js';

export interface RecordingProxyOptions {
  /** Where requests go, e.g. http://127.0.0.1:11434. */
  upstream: string;
  /** Listen on this Unix socket instead of TCP (made connectable for the relay's uid). */
  socketPath?: string;
  /** TCP listen address (default 127.0.0.1): one address, the one the relay reaches. */
  listenHost?: string;
  port?: number;
  /** Request and reply bodies are kept for the first N exchanges only (a runaway session makes thousands). */
  maxRecordedBodies?: number;
  /** Called when an exchange ends (the harness enforces budgets with it). */
  onExchange?: (log: ExchangeLog) => void;
}

export interface RecordingProxy {
  /** `http://host:port`, or `unix:<path>` for a socket. */
  readonly url: string;
  /** The TCP port (0 on a socket). */
  readonly port: number;
  readonly exchanges: readonly RecordedExchange[];
  logs(): ExchangeLog[];
  close(): Promise<void>;
}

/** Hop-by-hop headers are the proxy's own business; accept-encoding is dropped so replies stay readable. */
const NOT_FORWARDED = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'accept-encoding',
  'content-length',
  'proxy-authorization',
]);

function forwardHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !NOT_FORWARDED.has(name.toLowerCase())));
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return null;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

/** The Messages API routes Claude Code 2.1.332 sends (its recordings: POST /v1/messages?beta=true, /v1/messages/count_tokens?beta=true). */
export const FORWARDED_PATHS: readonly string[] = ['/v1/messages', '/v1/messages/count_tokens'];
const FORWARDED_QUERY_KEYS = new Set(['beta']);

/**
 * The request target to forward, or null when it is not one of the Messages API routes. The raw
 * target must be the route itself — no dot segments, encoded characters or doubled slashes that a
 * server might read as another path — with at most the `beta` query parameter.
 */
export function forwardedTarget(method: string | undefined, target: string | undefined): string | null {
  if (method !== 'POST' || !target) return null;
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = queryAt < 0 ? '' : target.slice(queryAt + 1);
  if (!FORWARDED_PATHS.includes(path)) return null;
  if (
    query !== '' &&
    (!/^[A-Za-z0-9_.=&-]*$/.test(query) ||
      [...new URLSearchParams(query).keys()].some((key) => !FORWARDED_QUERY_KEYS.has(key)))
  )
    return null;
  return target;
}

/** Answers 403 in Anthropic's error shape; returns the body sent. */
function sendRefusal(res: http.ServerResponse, what: string): string {
  const body = JSON.stringify({
    type: 'error',
    error: {
      type: 'permission_error',
      message: `claude-code-bench proxy: ${what} is not forwarded; only POST ${FORWARDED_PATHS.join(' and ')} reach the model server`,
    },
  });
  res.writeHead(403, { 'content-type': 'application/json' });
  res.end(body);
  return body;
}

/** An Anthropic-shaped error, so Claude Code reports the real cause when the server is unreachable. */
function sendProxyError(res: http.ServerResponse, message: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(502, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message } }));
}

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const upstream = new URL(options.upstream);
  const prefix = upstream.pathname.replace(/\/$/, '');
  const client = upstream.protocol === 'https:' ? https : http;
  const maxBodies = options.maxRecordedBodies ?? 40;
  const exchanges: RecordedExchange[] = [];

  const server = http.createServer(async (req, res) => {
    const started = performance.now();
    const raw = await readBody(req).catch(() => Buffer.alloc(0));
    const body = parseJson(raw);
    const headers = flatHeaders(req.headers);
    const log: ExchangeLog = {
      index: exchanges.length,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      startedAt: new Date().toISOString(),
      ...requestSummary(body, headers),
      requestChars: raw.length,
      ...emptyReply(),
      status: null,
      firstByteMs: null,
      totalMs: null,
    };
    const keepBodies = exchanges.length < maxBodies;
    const exchange: RecordedExchange = {
      log,
      request: {
        method: log.method,
        path: log.path,
        headers: redactRequestHeaders(req.headers),
        body: keepBodies ? redactRequestBody(body) : null,
      },
      response: null,
    };
    exchanges.push(exchange);
    const replyChunks: Buffer[] = [];
    const finish = (error: string | null) => {
      log.totalMs = Math.round(performance.now() - started);
      if (error && !log.error) log.error = error;
      if (keepBodies && exchange.response)
        exchange.response.body = redactReplyBody(
          Buffer.concat(replyChunks).toString('utf8'),
          exchange.response.headers['content-type'] ?? '',
        );
      options.onExchange?.(log);
    };

    const target = forwardedTarget(req.method, req.url);
    if (target === null) {
      const what = `${log.method} ${JSON.stringify(log.path).slice(1, -1).slice(0, 200)}`;
      log.status = 403;
      exchange.response = { status: 403, headers: { 'content-type': 'application/json' }, body: '' };
      replyChunks.push(Buffer.from(sendRefusal(res, what)));
      finish(`${REFUSED_ERROR}: ${what}`);
      return;
    }
    const upstreamReq = client.request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: `${prefix}${target}`,
        headers: forwardHeaders(req.headers),
      },
      (upstreamRes) => {
        log.status = upstreamRes.statusCode ?? null;
        const responseHeaders = flatHeaders(upstreamRes.headers);
        exchange.response = { status: log.status, headers: redactHeaders(responseHeaders), body: '' };
        const isStream = (responseHeaders['content-type'] ?? '').includes('text/event-stream');
        const reader = isStream ? new SseReader() : null;
        const fold = emptyFold();
        res.writeHead(upstreamRes.statusCode ?? 502, forwardHeaders(upstreamRes.headers));
        upstreamRes.on('data', (chunk: Buffer) => {
          log.firstByteMs ??= Math.round(performance.now() - started);
          replyChunks.push(chunk);
          res.write(chunk);
          if (reader) {
            for (const event of reader.push(chunk)) foldStreamEvent(fold, event);
            Object.assign(log, streamSummary(fold));
          }
        });
        upstreamRes.on('end', () => {
          res.end();
          if (!reader) Object.assign(log, jsonReplySummary(parseJson(Buffer.concat(replyChunks)), log.status ?? 0));
          else if ((log.status ?? 0) >= 400) log.error = `HTTP ${log.status}`;
          finish(null);
        });
        upstreamRes.on('error', (error) => {
          res.destroy();
          finish(`reply cut: ${error.message}`);
        });
      },
    );
    upstreamReq.on('error', (error) => {
      sendProxyError(res, `claude-code-bench proxy: ${options.upstream} unreachable: ${error.message}`);
      finish(`upstream unreachable: ${error.message}`);
    });
    // Claude Code went away (container killed): stop the generation upstream too.
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    upstreamReq.end(raw);
  });

  const listenHost = options.listenHost ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (options.socketPath) server.listen(options.socketPath, resolve);
    else server.listen(options.port ?? 0, listenHost, resolve);
  });
  // The relay runs as uid 1000, which may not be the harness's uid; the folder around it is private.
  if (options.socketPath) await chmod(options.socketPath, 0o666);
  const port = options.socketPath ? 0 : (server.address() as AddressInfo).port;
  return {
    url: options.socketPath
      ? `unix:${options.socketPath}`
      : `http://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${port}`,
    port,
    exchanges,
    logs: () => exchanges.map((exchange) => exchange.log),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
