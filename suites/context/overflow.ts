// What the server does with a prompt that does not fit, when the Messages ladder never went over
// (the server context was the model's whole trained length): one small native probe whose prompt
// is half again its num_ctx. Truncation vs refusal is a property of the model's runner, not of the size.
import type { SuiteContext } from '../../src/run/suite.js';
import { haystackFor, messagesProbe, nativeProbe, type ModelClock, type NeedleProbe } from './probes.js';
import type { OverflowBehavior } from './server.js';
import type { TokenScale } from './tokens.js';

const OVERFLOW_NUM_CTX = 2048;
const OVERFLOW_PROMPT_TOKENS = 3072;

export async function probeOverflow(
  ctx: SuiteContext,
  scale: TokenScale,
  clock: ModelClock,
): Promise<{ behavior: OverflowBehavior | null; probe: NeedleProbe }> {
  const haystack = haystackFor(`${ctx.model}/overflow`, OVERFLOW_PROMPT_TOKENS, [0], scale);
  const probe = await nativeProbe(ctx, haystack, OVERFLOW_NUM_CTX, scale, clock);
  if (probe.failure?.kind === 'rejected') return { behavior: 'rejects_400', probe };
  if (probe.failure === null && !probe.allRetrieved) return { behavior: 'truncates_silently', probe };
  return { behavior: null, probe };
}

/**
 * On a server whose context is fixed at start (llama-server), Messages requests over that context
 * show what Claude Code meets when its prompt outgrows it: a refusal or a cut. The token scale may
 * not be calibrated (a model that misses every needle), so a prompt that turned out to fit is
 * followed by a larger one.
 */
export async function probeOverflowMessages(
  ctx: SuiteContext,
  servedTokens: number,
  scale: TokenScale,
  clock: ModelClock,
): Promise<{ behavior: OverflowBehavior | null; probe: NeedleProbe | null }> {
  let last: NeedleProbe | null = null;
  for (const factor of [1.25, 2, 4]) {
    const tokens = Math.ceil(servedTokens * factor);
    ctx.progress(`context: messages API, ~${tokens} tokens (over the served ${servedTokens})`);
    const probe = await messagesProbe(
      ctx,
      haystackFor(`${ctx.model}/overflow-messages/${factor}`, tokens, [0], scale),
      tokens,
      scale,
      clock,
    );
    last = probe;
    if (probe.failure?.kind === 'rejected') return { behavior: 'rejects_400', probe };
    if (probe.failure !== null || probe.serverTokens === null) return { behavior: null, probe };
    if (probe.serverTokens > servedTokens) return { behavior: null, probe };
    // It fit, or was cut to the limit: learn the real size of the text from the server's count and go bigger.
    scale.observe(probe.promptChars, probe.serverTokens);
  }
  // Three prompts sized by the server's own counts to 1.25-4× its context, each accepted and counted
  // at the limit: the server cuts them.
  const atLimit = last?.serverTokens != null && last.serverTokens >= servedTokens * 0.95;
  return { behavior: atLimit ? 'truncates_silently' : null, probe: last };
}
