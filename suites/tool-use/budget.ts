// The tool-use suite's generation budget: every probe's max_tokens is taken from one suite-wide
// budget, so a model that never stops costs the budget, not probes × the per-probe cap. Each probe
// reserves its cap before it is sent (probes sent side by side under --parallel each hold theirs)
// and gives back what the server says it did not generate. A floor is kept for every probe not yet
// sent, enough for a tool call with short arguments.

/** Output cap per probe: room for a short reasoning before the calls. */
export const MAX_TOKENS = 1024;
/**
 * What the whole suite may generate, the 34 probes (or the --quick core) together: 3,072 keeps a
 * whole default report of a model that never stops under 5K generated tokens (throughput and the
 * context suite's answers add ~1.8K).
 */
export const TOOL_USE_GENERATION_BUDGET = 3072;
/** The least a probe is given: enough for a tool call with short arguments (sim-good's take ~25 tokens). */
export const GENERATION_FLOOR = 64;

export interface Reservation {
  /** The max_tokens the probe is sent with. */
  readonly maxTokens: number;
  /** Lower than MAX_TOKENS because the budget was running low. */
  readonly limited: boolean;
}

/** What the suite generated against its budget, for the overall record's data. */
export interface GenerationSummary {
  budget: number;
  /** The server's own count over the suite's replies (a reply it did not count is taken at its cap). */
  generatedTokens: number;
  /** Replies that stopped at a max_tokens the budget had lowered below MAX_TOKENS. */
  cutByBudget: number;
}

const formatTokens = (tokens: number): string => tokens.toLocaleString('en-US');

export class GenerationBudget {
  private remaining: number;
  private unreserved: number;
  private inFlight = 0;
  private generated = 0;
  private cut = 0;

  /** `parallel`: probes sent side by side (--parallel); the room above the floors is shared among them. */
  constructor(
    probes: number,
    readonly parallel = 1,
    readonly total = TOOL_USE_GENERATION_BUDGET,
    readonly perProbe = MAX_TOKENS,
    readonly floor = GENERATION_FLOOR,
  ) {
    if (!Number.isInteger(probes) || probes < 0) throw new Error(`probes ${probes}: must be a whole number ≥ 0`);
    if (floor < 1 || perProbe < floor)
      throw new Error(`floor ${floor}: must be at least 1 and at most the per-probe cap ${perProbe}`);
    if (total < floor * probes)
      throw new Error(`budget ${total}: too small for ${probes} probes of at least ${floor} tokens each`);
    this.remaining = total;
    this.unreserved = probes;
  }

  /**
   * The cap for the next probe: min(per-probe cap, remaining − floor × probes still to reserve after
   * it). Sent one by one that is all; sent side by side, the room above the floors is shared among
   * the free slots, so the first probe in flight does not take it all.
   */
  reserve(): Reservation {
    const after = Math.max(0, this.unreserved - 1);
    const room = this.remaining - this.floor * (after + 1);
    // The slots free for this probe and the others not yet sent: never more than there are probes.
    const free = Math.max(1, Math.min(this.parallel - this.inFlight, this.unreserved));
    const share = Math.floor(room / free);
    // ≥ floor while every reply stays within its cap; 1 only if a server generated past max_tokens.
    const maxTokens = Math.max(1, Math.min(this.perProbe, this.floor + share));
    this.unreserved = after;
    this.remaining -= maxTokens;
    this.inFlight += 1;
    return { maxTokens, limited: maxTokens < this.perProbe };
  }

  /**
   * Settles a reservation with the server's count of generated tokens; null (not counted, or no
   * answer: the server may have generated all of it) keeps the whole reservation as spent.
   */
  settle(reservation: Reservation, generatedTokens: number | null, stoppedAtMaxTokens: boolean): void {
    const used = generatedTokens ?? reservation.maxTokens;
    this.remaining += reservation.maxTokens - used;
    this.generated += used;
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (stoppedAtMaxTokens && reservation.limited) this.cut += 1;
  }

  summary(): GenerationSummary {
    return { budget: this.total, generatedTokens: this.generated, cutByBudget: this.cut };
  }

  /** "the suite's 4,096-token generation budget", as failure reasons and the overall detail name it. */
  get name(): string {
    return `the suite's ${formatTokens(this.total)}-token generation budget`;
  }
}

/** The reason's note for a reply cut at max_tokens: the cap, and the budget when it lowered the cap. */
export function cutNote(maxTokens: number | null, budgetName: string | null): string {
  if (maxTokens === null || budgetName === null) return ' (stopped at max_tokens)';
  return ` (stopped at max_tokens: ${maxTokens}, ${budgetName} was nearly spent)`;
}

/** The overall record's detail when the budget bit: how many replies it cut. */
export function budgetDetail(summary: GenerationSummary): string {
  if (summary.cutByBudget === 0) return '';
  return `; ${summary.cutByBudget} repl${summary.cutByBudget === 1 ? 'y' : 'ies'} cut short by the suite's ${formatTokens(summary.budget)}-token generation budget (${formatTokens(summary.generatedTokens)} tokens generated)`;
}
