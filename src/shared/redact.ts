// Secrets never reach a report, a recording or a log: URLs lose their credentials, headers and
// known token shapes are masked, and environment values that look secret are replaced.

const SECRET_NAME = /(token|secret|key|password|passwd|authorization|cookie)/i;
const TOKEN_SHAPES: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g,
  /sk-[A-Za-z0-9]{20,}/g,
  /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi,
  /\b(gh[pousr]_[A-Za-z0-9]{20,})\b/g,
];

export const REDACTED = '[redacted]';

/**
 * A path segment or query value that looks like a credential: a known token shape, or 16+ characters
 * of letters and digits (mixed) with no dot — not a model name (`qwen2.5-coder:7b`), a version or a word.
 */
export function looksLikeToken(text: string): boolean {
  let value: string;
  try {
    value = decodeURIComponent(text);
  } catch {
    value = text;
  }
  if (TOKEN_SHAPES.some((shape) => new RegExp(`^${shape.source}$`, shape.flags.replace('g', '')).test(value)))
    return true;
  if (value.length < 16 || !/^[A-Za-z0-9_~+/=-]+$/.test(value)) return false;
  return (value.match(/\d/g) ?? []).length >= 2 && (value.match(/[A-Za-z]/g) ?? []).length >= 2;
}

/** Secrets this process learnt of (the parts of --host that are credentials): masked wherever they show up. */
const registeredSecrets = new Set<string>();

/** Masks `value` in every later redaction (e.g. a token that is part of the server URL). */
export function registerSecret(value: string): void {
  if (value.length >= 6) registeredSecrets.add(value);
}

/** The credential-looking parts of a URL: userinfo, token-like path segments and query values. */
export function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const found = [parsed.username, parsed.password].filter(Boolean).map((part) => decodeURIComponent(part));
  for (const segment of parsed.pathname.split('/'))
    if (segment && looksLikeToken(segment)) found.push(segment, decodeURIComponent(segment));
  for (const [name, value] of parsed.searchParams)
    if (value && (SECRET_NAME.test(name) || looksLikeToken(value))) found.push(value, encodeURIComponent(value));
  // Shorter parts (a user name `u`) would mangle ordinary text; inside a URL they are masked anyway.
  return [...new Set(found)].filter((part) => part.length >= 6);
}

const URL_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>`]*)([^\s"'<>`]*)/gi;

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return looksLikeToken(pair) ? REDACTED : pair;
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      return value && (SECRET_NAME.test(name) || looksLikeToken(value)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
}

/** One URL's userinfo, token-like path segments and secret query values masked, the rest as written. */
function redactUrlText(scheme: string, authority: string, rest: string): string {
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? `${REDACTED}@${authority.slice(at + 1)}` : authority;
  const hash = rest.indexOf('#');
  const beforeHash = hash >= 0 ? rest.slice(0, hash) : rest;
  const fragment = hash >= 0 ? rest.slice(hash) : '';
  const question = beforeHash.indexOf('?');
  const path = question >= 0 ? beforeHash.slice(0, question) : beforeHash;
  const query = question >= 0 ? beforeHash.slice(question + 1) : null;
  const cleanPath = path
    .split('/')
    .map((segment) => (segment && looksLikeToken(segment) ? REDACTED : segment))
    .join('/');
  const cleanFragment = fragment && looksLikeToken(fragment.slice(1)) ? `#${REDACTED}` : fragment;
  return `${scheme}${host}${cleanPath}${query === null ? '' : `?${redactQuery(query)}`}${cleanFragment}`;
}

/** `http://user:pass@host:1/sk-ant-…/x?token=abc` → `http://[redacted]@host:1/[redacted]/x?token=[redacted]`, otherwise as written. */
export function redactUrl(url: string): string {
  return redactText(url);
}

/**
 * Values of this process's secret-named environment variables (ANTHROPIC_API_KEY, *_TOKEN, …), so an
 * arbitrary token is masked wherever it shows up. Short values and Claude Code's dummy `ollama` token
 * are left alone: masking them would mangle ordinary text.
 */
export function secretEnvironmentValues(): string[] {
  const fromEnvironment = Object.entries(process.env)
    .filter(
      ([name, value]) => SECRET_NAME.test(name) && typeof value === 'string' && value.length >= 8 && value !== 'ollama',
    )
    .map(([, value]) => value as string);
  // A token in OLLAMA_HOST's path or query is as secret as an API key.
  return [...fromEnvironment, ...urlSecrets(process.env.OLLAMA_HOST ?? ''), ...registeredSecrets];
}

/** `ANTHROPIC_API_KEY=…`, `HF_TOKEN=…`: a name with a secret word as one of its parts (not `…_MAX_CONTEXT_TOKENS`). */
const SECRET_ASSIGNMENT = /\b([A-Z][A-Z0-9_]*)=(\S+)/g;
const SECRET_NAME_PART = /(^|_)(TOKEN|SECRET|KEY|APIKEY|PASSWORD|PASSWD|CREDENTIALS?)(_|$)/;
/** Values that are not secrets though their name says so: Claude Code's dummy token, an empty key. */
const HARMLESS_VALUE = /^(['"]?)(ollama)?\1$/;

/** Masks token-shaped substrings, secret values, URL credentials and `NAME=value` pairs whose name looks secret. */
export function redactText(text: string, secrets: readonly string[] = secretEnvironmentValues()): string {
  let result = text;
  for (const value of [...secrets].sort((a, b) => b.length - a.length))
    if (value) result = result.split(value).join(REDACTED);
  result = result.replace(URL_IN_TEXT, (_match, scheme: string, authority: string, rest: string) =>
    redactUrlText(scheme, authority, rest),
  );
  for (const shape of TOKEN_SHAPES)
    result = result.replace(shape, (_match, scheme?: string) =>
      typeof scheme === 'string' && /^(bearer|basic)$/i.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED,
    );
  result = result.replace(SECRET_ASSIGNMENT, (match, name: string, value: string) =>
    SECRET_NAME_PART.test(name) && !HARMLESS_VALUE.test(value) && value !== REDACTED ? `${name}=${REDACTED}` : match,
  );
  return result;
}

/** Header map with secret-looking values masked. */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
  secrets: readonly string[] = secretEnvironmentValues(),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = SECRET_NAME.test(name) ? REDACTED : redactText(text, secrets);
  }
  return out;
}

/** Deep copy of JSON-like data with every string passed through redactText and secret-named keys masked. */
export function redactDeep<T>(value: T, secrets: readonly string[] = secretEnvironmentValues()): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value))
      out[key] = SECRET_NAME.test(key) && typeof inner === 'string' ? REDACTED : redactDeep(inner, secrets);
    return out as T;
  }
  return value;
}
