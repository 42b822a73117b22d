// OLLAMA_HOST the way Ollama reads it: scheme and port optional ("gpu-box", "0.0.0.0:11434").
// Credentials in it (user:password@) are refused, not dropped: Claude Code's fetch refuses such a URL
// too, so a benchmark through them would measure a setup Claude Code cannot use. A token in the
// path is kept (a gateway may route on it) and masked in every output.
import { redactUrl, registerSecret, urlSecrets } from '../shared/redact.js';
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
    throw new UsageError(`${source} "${redactUrl(value)}" is not a host or URL; use e.g. http://127.0.0.1:11434`);
  }
  for (const secret of urlSecrets(url.href)) registerSecret(secret);
  const shown = redactUrl(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${source} "${shown}" must be http:// or https://`);
  if (url.username || url.password) {
    throw new UsageError(
      `${source} "${shown}" holds credentials (user:password@): they are not sent, and Claude Code cannot send them either (its fetch refuses a URL with credentials); give the server's address without them, e.g. through an SSH tunnel (ssh -L 11434:localhost:11434 gpu-box) and ${source === '--host' ? '--host' : 'OLLAMA_HOST='}http://127.0.0.1:11434`,
    );
  }
  if (url.search)
    throw new UsageError(
      `${source} "${shown}" has a query (?…): API paths are appended to the host, so it would be lost; give the server's address without it`,
    );
  if (!url.port && !/^[a-z]+:\/\/[^/]+:\d+/i.test(withScheme)) url.port = url.protocol === 'https:' ? '443' : '11434';
  // 0.0.0.0 is where a server listens, not an address to connect to.
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  return url.origin + url.pathname.replace(/\/+$/, '');
}
