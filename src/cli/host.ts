// OLLAMA_HOST the way Ollama reads it: scheme and port optional ("gpu-box", "0.0.0.0:11434").
import { UsageError } from './usage.js';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/** `source` names where the value came from (OLLAMA_HOST or --host), for the error message. */
export function normalizeHost(raw: string | undefined, source = 'OLLAMA_HOST'): string {
  const value = (raw ?? '').trim();
  if (!value) return DEFAULT_OLLAMA_HOST;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`${source} "${value}" is not a host or URL; use e.g. http://127.0.0.1:11434`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${source} "${value}" must be http:// or https://`);
  if (!url.port && !/^[a-z]+:\/\/[^/]+:\d+/i.test(withScheme)) url.port = url.protocol === 'https:' ? '443' : '11434';
  // 0.0.0.0 is where a server listens, not an address to connect to.
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  return url.origin + url.pathname.replace(/\/+$/, '');
}
