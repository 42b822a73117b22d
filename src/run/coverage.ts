// The coverage rule, one for every suite: a metric is a verdict on the model only when most of the
// probes it needed got an answer. Below MIN_COVERAGE it is an `error` ("measured 2 of 34: …") with
// no value, whatever the answered few said.
import type { Coverage, MetricInput } from '../types.js';

/** Below this share of a metric's probes answered, its value is no verdict (a few lucky answers are not a score). */
export const MIN_COVERAGE = 0.8;

const DEFAULT_WHY = 'the server stopped answering or the run was stopped';

/** True when `coverage` is too thin for a verdict. */
export function belowCoverage(coverage: Pick<Coverage, 'answered' | 'asked'>): boolean {
  return coverage.asked > 0 && coverage.answered / coverage.asked < MIN_COVERAGE;
}

/** `measured 2 of 34 (below 80%: no verdict): why`. */
export function coverageNote(coverage: Coverage): string {
  return `measured ${coverage.answered} of ${coverage.asked} (below ${Math.round(MIN_COVERAGE * 100)}%: no verdict): ${coverage.why ?? DEFAULT_WHY}`;
}

const MEASURED_PREFIX = /^measured \d+ of \d+/;

/**
 * Applies the rule to one metric: its counts go into `data.coverage`; too few answered turns a pass,
 * warn or fail into an error without a value (what the answers said is kept in `data.unscored`).
 * An error the suite made keeps its value and reason, with the count in front when some were answered.
 * Idempotent.
 */
export function applyCoverage(metric: MetricInput): MetricInput {
  const { coverage, ...rest } = metric;
  if (!coverage) return metric;
  const data = { ...rest.data, coverage: { answered: coverage.answered, asked: coverage.asked } };
  if (!belowCoverage(coverage) || rest.status === 'skip') return { ...rest, data };
  const detail = rest.detail ?? '';
  // An error the suite made itself keeps its value (e.g. a lower bound) and its reason.
  if (rest.status === 'error') {
    const counted =
      coverage.answered > 0 && !MEASURED_PREFIX.test(detail)
        ? `measured ${coverage.answered} of ${coverage.asked}; ${detail}`
        : detail;
    return { ...rest, data, detail: counted };
  }
  if (MEASURED_PREFIX.test(detail)) return { ...rest, data, status: 'error', value: null };
  return {
    ...rest,
    status: 'error',
    value: null,
    detail: detail ? `${coverageNote(coverage)}; ${detail}` : coverageNote(coverage),
    data: { ...data, unscored: { value: rest.value, status: rest.status } },
  };
}
