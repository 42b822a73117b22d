// What `bench compare` finds: plain data, printed as Markdown, a console summary or JSON.
import type { Status, SuiteId } from '../types.js';
import type { Direction } from './direction.js';

/**
 * - `regression` / `improvement`: clears every noise floor (see NoiseFloor), in the metric's direction;
 * - `within-noise`: beyond the threshold but inside another floor (spread, time, single sample);
 * - `within-threshold`: a change not larger than the threshold;
 * - `changed`: an informational metric (no better or worse) or a text value that differs;
 * - `unchanged`, `missing` (in the baseline only), `new` (in the current run only).
 */
export type MetricOutcome =
  | 'regression'
  | 'improvement'
  | 'within-noise'
  | 'within-threshold'
  | 'changed'
  | 'unchanged'
  | 'missing'
  | 'new';

/** The floors a numeric change must clear to count, in the metric's unit unless said otherwise. */
export interface NoiseFloor {
  /** threshold × |baseline|. */
  relative: number;
  /** NOISE_FACTOR × (MAD baseline + MAD current); null when neither side has repetitions. */
  spread: number | null;
  /** A measured time or a rate over one: the time floor and the single-sample rule apply. */
  timing: boolean;
  /** For a timing: how long one sample lasted on each side, in ms (null where the record does not say). */
  sampleMs: { baseline: number | null; current: number | null } | null;
  /** A timing measured once on at least one side. */
  singleSample: boolean;
  /** Why the change does not count, in words; null when it counts or nothing moved. */
  reason: string | null;
}

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
  /** The floors of a numeric change; null unless both sides are numbers. */
  noise: NoiseFloor | null;
  outcome: MetricOutcome;
  /** The status got worse (pass → warn, warn → fail, … ; not counting skip). */
  statusDropped: boolean;
  /** The status got worse while the value moved only within noise: a value at a pass line, not counted. */
  borderline: boolean;
  /** Counted as a regression: the value regressed, or the status dropped (not borderline). */
  regressed: boolean;
}

export interface VerdictChange {
  model: string;
  suite: SuiteId;
  baseline: Status | null;
  current: Status | null;
  dropped: boolean;
  /** Dropped only through borderline metrics (statuses that flipped within noise): not counted. */
  borderline: boolean;
  /** Counted as a regression of its own: dropped, not borderline, and no counted metric of the suite explains it. */
  regressed: boolean;
}

export interface ComparisonCounts {
  /** Metric regressions plus suite verdict drops no metric regression explains. */
  regressions: number;
  improvements: number;
  /** Changes inside a noise floor or the threshold, and borderline status flips. */
  withinNoise: number;
  /** Informational metrics and text values that changed (never judged). */
  informational: number;
  unchanged: number;
  /** Metrics of a compared model that the current run does not have. */
  missingMetrics: number;
  newMetrics: number;
}

export interface Comparison {
  baseline: { runId: string; simulated: boolean };
  current: { runId: string; simulated: boolean };
  /** Relative change below which nothing counts (0.1 = 10%). */
  threshold: number;
  noiseFactor: number;
  /** A timing counts only when its measured time moved by at least this many ms. */
  timeFloorMs: number;
  /** A timing measured once counts only when it moved by this factor. */
  singleSampleFactor: number;
  /** Models of both runs only; models of one run are listed below, not metric by metric. */
  metrics: MetricChange[];
  /** Suite verdicts that differ. */
  verdicts: VerdictChange[];
  /** Models of the baseline the current run did not test (`--fail-on-missing` fails on them). */
  missingModels: string[];
  newModels: string[];
  counts: ComparisonCounts;
  /** Same as counts.regressions (kept at the top level for scripts). */
  regressions: number;
}
