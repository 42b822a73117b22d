// The one interface every suite implements. The runner knows nothing about any particular suite.
import type { ModelServer } from '../servers/types.js';
import type { MessagesTarget } from '../targets/messages.js';
import type { MetricInput, ResultRecord, RunEnvironment, RunOptions, SuiteId } from '../types.js';
import type { LoadPlanner } from './loads.js';
import type { MetricDeclaration, Quantity } from './metric.js';

export interface SuiteContext {
  readonly model: string;
  readonly runId: string;
  /** The model server behind the run (Ollama, llama-server, …): ask `server.capabilities` before using a method. */
  readonly server: ModelServer;
  /** The server's Anthropic Messages endpoint, exactly as Claude Code reaches it. */
  readonly messages: MessagesTarget;
  /** The model at a num_ctx, loaded once per context for the whole run (readings of /api/ps there are shared by the suites). */
  readonly loads: LoadPlanner;
  readonly options: Readonly<RunOptions>;
  readonly environment: Readonly<RunEnvironment>;
  /** Aborted on Ctrl-C or when the suite's time budget runs out. */
  readonly signal: AbortSignal;
  /** Records one metric; it is appended to the run's records at once (a killed run keeps it). */
  emit(metric: MetricInput): void;
  /** One line of progress for the user ("context: 32768 tokens, depth 50%"). */
  progress(message: string): void;
  /** Records already made in this run (and resumed runs) for this model. */
  earlier(): readonly ResultRecord[];
  /**
   * The newest measured record of this model for `quantity`, made by an earlier suite of this run
   * (the one that declares it `measures`); undefined when that suite did not run or measured nothing.
   * Only quantities the suite declares in `reads` may be asked for: anything else throws.
   */
  measured(quantity: Quantity): ResultRecord | undefined;
}

export interface Suite {
  readonly id: SuiteId;
  readonly title: string;
  /** One sentence for the report and `--help`. */
  readonly description: string;
  /** Whether the suite runs when `--suites` is not given (the agent suite needs Docker and is opt-in). */
  readonly defaultOn: boolean;
  /** Every metric the suite writes: unit, direction, verdict or fact, where it shows at a glance and on which chart. */
  readonly metrics?: readonly MetricDeclaration[];
  /**
   * What it reads from other suites' results (`ctx.measured`): the runner runs the suites that
   * measure these first. A suite runs without them when they are not selected.
   */
  readonly reads?: readonly Quantity[];
  run(ctx: SuiteContext): Promise<void>;
}
