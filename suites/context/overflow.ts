// What the server does with a prompt that does not fit, when the Messages ladder never went over
// (the server context was the model's whole trained length): one small native probe whose prompt
// is half again its num_ctx. Truncation vs refusal is a property of the model's runner, not of the size.
import type { SuiteContext } from '../../src/run/suite.js';
import { haystackFor, nativeProbe, type ModelClock, type NeedleProbe } from './probes.js';
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
