// The shape suites share where it fits: a list of probes (plain data), a runner that sends one, a
// scorer that judges what came back — and one loop that sends them (`--parallel` at once), says
// which one is running, stops on Ctrl-C and hands each scored probe on as soon as it is in.
// Suites that measure differently (repetitions of a timing, a search over context lengths, facts
// read once) keep their own loop.
import { mapInPool } from './pool.js';
import type { SuiteContext } from './suite.js';

export interface Scored<P, O, S> {
  probe: P;
  outcome: O;
  score: S;
}

export interface ProbePlan<P, O, S> {
  /** The suite's name, for progress lines ("tool-use: simple read_file (3/34)"). */
  name: string;
  probes: readonly P[];
  /** What the progress line calls a probe. */
  label(probe: P): string;
  /** Sends one probe. A throw is that probe's failure (`onError`), not the suite's. */
  run(probe: P): Promise<O>;
  /** Judges one outcome. */
  score(probe: P, outcome: O): S;
  /** Probes sent at once (default 1: one by one, in order). */
  parallel?: number;
  /** Each scored probe, as soon as it is in (e.g. to emit its record). */
  onScored?(scored: Scored<P, O, S>): void;
  /** A probe whose run threw (default: the error ends the suite). */
  onError?(probe: P, error: unknown): void;
  /**
   * Whether a probe that ends after Ctrl-C is still scored (or its error handed to `onError`): yes
   * where the suite records it as no verdict itself; by default it measured nothing and is dropped.
   */
  keepAborted?: boolean;
}

/** Runs and scores every probe; a probe cut off by Ctrl-C or the suite's budget measured nothing and is left out. */
export async function runProbePlan<P, O, S>(ctx: SuiteContext, plan: ProbePlan<P, O, S>): Promise<Scored<P, O, S>[]> {
  const total = plan.probes.length;
  const scored = await mapInPool(
    plan.probes,
    plan.parallel ?? 1,
    async (probe, index): Promise<Scored<P, O, S> | null> => {
      ctx.progress(`${plan.name}: ${plan.label(probe)} (${index + 1}/${total})`);
      let outcome: O;
      try {
        outcome = await plan.run(probe);
      } catch (error) {
        if (ctx.signal.aborted && !plan.keepAborted) return null;
        if (!plan.onError) throw error;
        plan.onError(probe, error);
        return null;
      }
      if (ctx.signal.aborted && !plan.keepAborted) return null;
      const entry = { probe, outcome, score: plan.score(probe, outcome) };
      plan.onScored?.(entry);
      return entry;
    },
    ctx.signal,
  );
  return scored.filter((entry): entry is Scored<P, O, S> => entry !== null);
}
