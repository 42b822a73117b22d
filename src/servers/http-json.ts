// JSON over HTTP for backends without a client library (llama-server, Anthropic-only servers): a
// deadline on every request, and every failure turned into a TargetError that names the request.
import { deadline, toTargetError } from '../targets/errors.js';

export interface JsonRequestOptions {
  host: string;
  timeoutMs: number;
  signal?: AbortSignal;
  authToken?: string;
}

/** The body of a non-2xx reply, as JSON where it is JSON, so `serverMessage` can read its message. */
function errorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }
}

export async function requestJson<T>(
  options: JsonRequestOptions,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const what = `${method} ${path}`;
  const signal = deadline(options.timeoutMs, options.signal);
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.authToken) headers.authorization = `Bearer ${options.authToken}`;
    const response = await fetch(`${options.host}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    const text = await response.text();
    if (!response.ok) {
      const parsed = errorBody(text);
      const message = typeof parsed === 'string' ? parsed : JSON.stringify(parsed);
      throw Object.assign(new Error(message), { status: response.status, error: parsed });
    }
    return JSON.parse(text) as T;
  } catch (error) {
    throw toTargetError(error, `${what} at ${options.host}`, signal);
  }
}
