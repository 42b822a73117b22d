// Bytes on the wire: JSON bodies, NDJSON lines, SSE events and both APIs' error shapes.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** Ollama's generated ids (anthropic.generateID): prefix + 24 hex characters. */
export const generateId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;

export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Ollama's native error body. */
export const nativeError = (message: string): { error: string } => ({ error: message });

/** Anthropic's error type for an HTTP status, as Ollama maps it (anthropic.NewError). */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    default:
      return 'api_error';
  }
}

export function anthropicError(
  status: number,
  message: string,
): { type: 'error'; error: { type: string; message: string }; request_id: string } {
  return { type: 'error', error: { type: anthropicErrorType(status), message }, request_id: generateId('req') };
}

/** llama-server's error type for an HTTP status (server-common.cpp format_error_response). */
export function llamaErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 501:
      return 'not_supported_error';
    case 503:
      return 'unavailable_error';
    default:
      return 'server_error';
  }
}

/** llama-server's error body: `{"error": {"code", "message", "type", …}}`. */
export function llamaError(
  status: number,
  message: string,
  type = llamaErrorType(status),
  fields: Record<string, unknown> = {},
): { error: Record<string, unknown> } {
  return { error: { code: status, message, type, ...fields } };
}

export const ndjsonLine = (value: unknown): string => `${JSON.stringify(value)}\n`;

export const sseEvent = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** What the `invalid-line` fault writes in the middle of a stream. */
export const GARBAGE_LINE = '{"model": <<garbage from a confused server>>\n';
export const GARBAGE_SSE = 'event: content_block_delta\ndata: {"type":"content_block_delta", <<garbage>>\n\n';

/** Starts a streamed 200 response. */
export function startStream(res: ServerResponse, contentType: string): void {
  if (res.headersSent) return;
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.flushHeaders();
}
