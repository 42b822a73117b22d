// What `bench compare` finds: plain data, printed as Markdown or JSON.
import type { Status, SuiteId } from '../types.js';
import type { Direction } from './direction.js';

/**
 * - `regression` / `improvement`: beyond the threshold and beyond the noise band, in the metric's direction;
 * - `within-noise`: beyond the threshold but inside the repetitions' spread;
 * - `within-threshold`: a change smaller than the threshold;
 * - `changed`: an informational metric (no better or worse) or a text value that differs;
 * - `unchanged`, `missing` (in the baseline only), `new` (in the current run only).
 */
export type MetricOutcome = 'regression' | 'improvement' | 'within-noise' | 'within-threshold' | 'changed' | 'unchanged' | 'missing' | 'new';

export interface Side {
  value: number | string | null;
  status: Status;
  /** MAD of the repetitions, when the record has them. */
  mad: number | null;
}

export interface MetricChange {
  model: string;
  suite: SuiteId;
  metric: string;
  unit: string;
  direction: Direction;
  baseline: Side | null;
  current: Side | null;
  /** current − baseline, for two numbers. */
  delta: number | null;
  /** |delta| / |baseline| (Infinity when the baseline is 0 and the value moved). */
  relativeChange: number | null;
  /** NOISE_FACTOR × (MAD baseline + MAD current); null when neither side has repetitions. */
  noiseBand: number | null;
  outcome: MetricOutcome;
  /** The status got worse (pass → warn, warn → fail, … ; not counting skip). */
  statusDropped: boolean;
}

export interface VerdictChange {
  model: string;
  suite: SuiteId;
  baseline: Status | null;
  current: Status | null;
  dropped: boolean;
}

export interface Comparison {
  baseline: { runId: string; simulated: boolean };
  current: { runId: string; simulated: boolean };
  /** Relative change below which nothing counts (0.1 = 10%). */
  threshold: number;
  noiseFactor: number;
  /** Models of both runs only; models of one run are listed below, not metric by metric. */
  metrics: MetricChange[];
  /** Suite verdicts that differ. */
  verdicts: VerdictChange[];
  missingModels: string[];
  newModels: string[];
  /** Number of metric regressions, metric status drops and suite verdict drops. */
  regressions: number;
}
