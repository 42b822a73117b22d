// What the server does with a prompt that does not fit, when the Messages ladder never went over
// (the server context was the model's whole trained length): one small native probe whose prompt
// is half again its num_ctx. Truncation vs refusal is a property of the model's runner, not of the size.
import type { SuiteContext } from '../../src/run/suite.js';
import { haystackFor, messagesProbe, nativeProbe, type ModelClock, type NeedleProbe } from './probes.js';
import type { OverflowBehavior } from './server.js';
import type { TokenScale } from './tokens.js';

const OVERFLOW_NUM_CTX = 2048;
const OVERFLOW_PROMPT_TOKENS = 3072;

export async function probeOverflow(ctx: SuiteContext, scale: TokenScale, clock: ModelClock): Promise<{ behavior: OverflowBehavior | null; probe: NeedleProbe }> {
  const haystack = haystackFor(`${ctx.model}/overflow`, OVERFLOW_PROMPT_TOKENS, [0], scale);
  const probe = await nativeProbe(ctx, haystack, OVERFLOW_NUM_CTX, scale, clock);
  if (probe.failure?.kind === 'rejected') return { behavior: 'rejects_400', probe };
  if (probe.failure === null && !probe.allRetrieved) return { behavior: 'truncates_silently', probe };
  return { behavior: null, probe };
}

/**
 * On a server whose context is fixed at start (llama-server), one Messages request a quarter over
 * that context shows what Claude Code meets when its prompt outgrows it: a refusal or a cut.
 */
export async function probeOverflowMessages(ctx: SuiteContext, servedTokens: number, scale: TokenScale, clock: ModelClock): Promise<{ behavior: OverflowBehavior | null; probe: NeedleProbe }> {
  const tokens = Math.ceil(servedTokens * 1.25);
  ctx.progress(`context: messages API, ${tokens} tokens (over the served ${servedTokens})`);
  const probe = await messagesProbe(ctx, haystackFor(`${ctx.model}/overflow-messages`, tokens, [0], scale), tokens, scale, clock);
  if (probe.failure?.kind === 'rejected') return { behavior: 'rejects_400', probe };
  // A count well below what was sent means the server cut the prompt.
  if (probe.failure === null && probe.serverTokens !== null && probe.serverTokens < servedTokens * 1.05) return { behavior: 'truncates_silently', probe };
  return { behavior: null, probe };
}
