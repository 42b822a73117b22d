// Named findings from the proxy's logs of one Claude Code session: what went wrong on the wire
// between Claude Code and the server, and the setting that fixes it.
import { ollamaAdvice } from '../servers/ollama.js';
import type { ServerAdvice } from '../servers/types.js';
import { REFUSED_ERROR, requestTokens, type ExchangeLog } from './exchange.js';

export type FindingName =
  | 'unknown_model_side_requests'
  | 'context_overflow'
  | 'ignored_request_fields'
  | 'server_errors'
  | 'refused_requests';

export interface Finding {
  name: FindingName;
  severity: 'info' | 'warn' | 'fail';
  /** Requests it concerns. */
  count: number;
  detail: string;
  advice: string;
}

export interface FindingsInput {
  /** The model Claude Code was started with. */
  model: string;
  /** Context the server really runs the model at (context suite or /api/ps), null when unknown. */
  serverContextTokens: number | null;
  /** The server's own advice (how to raise its context); default Ollama's. */
  server?: ServerAdvice;
}

/**
 * A refusal of a prompt over the context: Ollama's for models without context shift, and
 * llama-server's (also passed through by Ollama for models on llama-server's template).
 */
const PROMPT_TOO_LONG =
  /prompt is longer than the context length|exceeds the available context size|exceed_context_size_error/i;

function unknownModelRequests(logs: readonly ExchangeLog[], input: FindingsInput): Finding | null {
  const side = logs.filter(
    (log) => log.model !== null && log.model !== input.model && (log.status === 404 || /^claude-/i.test(log.model)),
  );
  if (side.length === 0) return null;
  const names = [...new Set(side.map((log) => log.model))].join(', ');
  return {
    name: 'unknown_model_side_requests',
    severity: side.some((log) => log.status === 404) ? 'fail' : 'warn',
    count: side.length,
    detail: `${side.length} request(s) named ${names}, which the server does not serve`,
    advice: `Set ANTHROPIC_DEFAULT_OPUS_MODEL, ANTHROPIC_DEFAULT_SONNET_MODEL, ANTHROPIC_DEFAULT_HAIKU_MODEL and CLAUDE_CODE_SUBAGENT_MODEL to ${input.model} (bench launch does).`,
  };
}

function contextOverflow(logs: readonly ExchangeLog[], input: FindingsInput): Finding | null {
  const limit = input.serverContextTokens;
  const over = logs.filter(
    (log) =>
      (limit !== null && Math.max(log.estimatedTokens, requestTokens(log)) > limit) ||
      PROMPT_TOO_LONG.test(log.error ?? ''),
  );
  if (over.length === 0) return null;
  const largest = Math.max(...over.map((log) => Math.max(log.estimatedTokens, requestTokens(log))));
  const budget = limit === null ? 'the loaded context' : `the server's ${limit}-token context`;
  return {
    name: 'context_overflow',
    severity: 'fail',
    count: over.length,
    detail: `${over.length} request(s) larger than ${budget} (largest ≈ ${largest} tokens): the server silently dropped history or refused`,
    advice: `Serve the model with a larger context (${(input.server ?? ollamaAdvice).raiseContext(input.model, 65_536)}) and set CLAUDE_CODE_MAX_CONTEXT_TOKENS to it so Claude Code compacts first (bench launch computes both).`,
  };
}

function ignoredFields(logs: readonly ExchangeLog[], input: FindingsInput): Finding | null {
  const fields = [...new Set(logs.flatMap((log) => log.ignoredFields))];
  if (fields.length === 0) return null;
  return {
    name: 'ignored_request_fields',
    severity: 'info',
    count: logs.filter((log) => log.ignoredFields.length > 0).length,
    detail: `sent but not acted on by ${(input.server ?? ollamaAdvice).serverName}: ${fields.join(', ')}`,
    advice:
      'Nothing to fix; thinking is switched by output_config.effort instead. If the model thinks at length, try CLAUDE_CODE_DISABLE_THINKING=1.',
  };
}

function serverErrors(logs: readonly ExchangeLog[], input: FindingsInput): Finding | null {
  const failed = logs.filter((log) => log.error !== null && !PROMPT_TOO_LONG.test(log.error) && log.status !== 404);
  if (failed.length === 0) return null;
  return {
    name: 'server_errors',
    severity: 'warn',
    count: failed.length,
    detail: `${failed.length} request(s) failed: ${[...new Set(failed.map((log) => log.error))].slice(0, 3).join('; ')}`,
    advice: `See the recording for the failing requests; check the ${(input.server ?? ollamaAdvice).serverName} log.`,
  };
}

const isRefused = (log: ExchangeLog): boolean => log.status === 403 && (log.error ?? '').startsWith(REFUSED_ERROR);

/** Requests the proxy did not forward: something in the container (model-written code) tried other routes. */
function refusedRequests(logs: readonly ExchangeLog[]): Finding | null {
  const refused = logs.filter(isRefused);
  if (refused.length === 0) return null;
  const routes = [...new Set(refused.map((log) => `${log.method} ${log.path.slice(0, 80)}`))];
  return {
    name: 'refused_requests',
    severity: 'warn',
    count: refused.length,
    detail: `${refused.length} request(s) to routes other than the Messages API refused by the proxy, never sent to the server: ${routes.slice(0, 5).join(', ')}${routes.length > 5 ? ', …' : ''}`,
    advice:
      'Something in the agent container (model-written code, or a Claude Code version that uses another route) tried to reach the model server beyond the Messages API; see the recording for the requests and the tool calls before them.',
  };
}

export function findingsOf(logs: readonly ExchangeLog[], input: FindingsInput): Finding[] {
  const forwarded = logs.filter((log) => !isRefused(log));
  return [
    unknownModelRequests(forwarded, input),
    contextOverflow(forwarded, input),
    ignoredFields(forwarded, input),
    serverErrors(forwarded, input),
    refusedRequests(logs),
  ].filter((finding): finding is Finding => finding !== null);
}
