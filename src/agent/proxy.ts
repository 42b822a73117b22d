// The recording proxy: Claude Code → proxy → Ollama. Every request is forwarded unchanged and its
// reply streamed back as it arrives (SSE passes through byte for byte); on the way, the proxy logs
// what each request asked for and what came back, for findings, budgets and replay.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { applyStreamEvent, emptyReply, jsonReplySummary, requestSummary, type ExchangeLog } from './exchange.js';
import { readBody } from '../run/http.js';
import { redactHeaders } from '../run/redact.js';
import { redactReplyBody, redactRequestBody, redactRequestHeaders, type RecordedExchange } from './recording.js';
import { SseReader } from './sse.js';

export interface RecordingProxyOptions {
  /** Where requests go, e.g. http://127.0.0.1:11434. */
  upstream: string;
  /** Listen address: 127.0.0.1 for host networking, 0.0.0.0 when containers come through a gateway. */
  listenHost?: string;
  port?: number;
  /** Request and reply bodies are kept for the first N exchanges only (a runaway session makes thousands). */
  maxRecordedBodies?: number;
  /** Called when an exchange ends (the harness enforces budgets with it). */
  onExchange?: (log: ExchangeLog) => void;
}

export interface RecordingProxy {
  readonly url: string;
  readonly port: number;
  readonly exchanges: readonly RecordedExchange[];
  logs(): ExchangeLog[];
  close(): Promise<void>;
}

/** Hop-by-hop headers are the proxy's own business; accept-encoding is dropped so replies stay readable. */
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'accept-encoding', 'content-length', 'proxy-authorization']);

function forwardHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !NOT_FORWARDED.has(name.toLowerCase())));
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
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
      request: { method: log.method, path: log.path, headers: redactRequestHeaders(req.headers), body: keepBodies ? redactRequestBody(body) : null },
      response: null,
    };
    exchanges.push(exchange);
    const replyChunks: Buffer[] = [];
    const finish = (error: string | null) => {
      log.totalMs = Math.round(performance.now() - started);
      if (error && !log.error) log.error = error;
      if (keepBodies && exchange.response) exchange.response.body = redactReplyBody(Buffer.concat(replyChunks).toString('utf8'), exchange.response.headers['content-type'] ?? '');
      options.onExchange?.(log);
    };

    const upstreamReq = client.request(
      { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: req.method, path: `${prefix}${req.url ?? '/'}`, headers: forwardHeaders(req.headers) },
      (upstreamRes) => {
        log.status = upstreamRes.statusCode ?? null;
        const responseHeaders = flatHeaders(upstreamRes.headers);
        exchange.response = { status: log.status, headers: redactHeaders(responseHeaders), body: '' };
        const isStream = (responseHeaders['content-type'] ?? '').includes('text/event-stream');
        const reader = isStream ? new SseReader() : null;
        res.writeHead(upstreamRes.statusCode ?? 502, forwardHeaders(upstreamRes.headers));
        upstreamRes.on('data', (chunk: Buffer) => {
          log.firstByteMs ??= Math.round(performance.now() - started);
          replyChunks.push(chunk);
          res.write(chunk);
          if (reader) for (const event of reader.push(chunk)) applyStreamEvent(log, event);
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
    server.listen(options.port ?? 0, listenHost, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${listenHost === '0.0.0.0' ? '127.0.0.1' : listenHost}:${port}`,
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
