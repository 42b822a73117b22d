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

/** `http://user:pass@host:1/x?token=abc` → `http://[redacted]@host:1/x?token=[redacted]`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hadCredentials = parsed.username !== '' || parsed.password !== '';
    parsed.username = '';
    parsed.password = '';
    for (const name of [...parsed.searchParams.keys()]) if (SECRET_NAME.test(name)) parsed.searchParams.set(name, REDACTED);
    const text = parsed.toString();
    return hadCredentials ? text.replace('//', `//${REDACTED}@`) : text;
  } catch {
    return redactText(url);
  }
}

/**
 * Values of this process's secret-named environment variables (ANTHROPIC_API_KEY, *_TOKEN, …), so an
 * arbitrary token is masked wherever it shows up. Short values and Claude Code's dummy `ollama` token
 * are left alone: masking them would mangle ordinary text.
 */
function secretEnvironmentValues(): string[] {
  return Object.entries(process.env)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === 'string' && value.length >= 8 && value !== 'ollama')
    .map(([, value]) => value as string);
}

/** Masks token-shaped substrings, secret environment values and `NAME=value` pairs whose name looks secret. */
export function redactText(text: string, secrets: readonly string[] = secretEnvironmentValues()): string {
  let result = text;
  for (const value of secrets) result = result.split(value).join(REDACTED);
  for (const shape of TOKEN_SHAPES) result = result.replace(shape, (match, scheme?: string) => (typeof scheme === 'string' && /^(bearer|basic)$/i.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED));
  result = result.replace(/\b([A-Z][A-Z0-9_]*(?:TOKEN|SECRET|KEY|PASSWORD)[A-Z0-9_]*)=(\S+)/g, (_m, name: string) => `${name}=${REDACTED}`);
  result = result.replace(/(https?:\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${REDACTED}@`);
  return result;
}

/** Header map with secret-looking values masked. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = SECRET_NAME.test(name) ? REDACTED : redactText(text);
  }
  return out;
}

/** Deep copy of JSON-like data with every string passed through redactText and secret-named keys masked. */
export function redactDeep<T>(value: T, secrets: readonly string[] = secretEnvironmentValues()): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = SECRET_NAME.test(key) && typeof inner === 'string' ? REDACTED : redactDeep(inner, secrets);
    return out as T;
  }
  return value;
}
