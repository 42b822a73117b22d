// How a set of records becomes one verdict per model × suite. Shared by the reporters and `bench compare`.
import type { ResultRecord, Status, SuiteId } from '../types.js';
import { countsTowardVerdict, inSuiteOrder } from './metrics.js';

/** Higher is worse. `skip` ranks lowest so a skipped probe never hides a real result. */
export const STATUS_RANK: Readonly<Record<Status, number>> = { skip: 0, pass: 1, warn: 2, fail: 3, error: 4 };

/** The worst status of a set (error > fail > warn > pass > skip); `skip` when the set is empty. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'skip';
  for (const status of statuses) {
    if (STATUS_RANK[status] > STATUS_RANK[worst]) worst = status;
  }
  return worst;
}

/** Models in the order they first appear in the records (the order they were run in). */
export function modelsOf(records: readonly ResultRecord[]): string[] {
  return [...new Set(records.map((record) => record.model))];
}

/** Suites present in the records, in the registry's order (suites/index.ts), then any custom suite's. */
export function suitesOf(records: readonly ResultRecord[]): SuiteId[] {
  return inSuiteOrder(records.map((record) => record.suite));
}

/**
 * model → suite → worst status among that model's records of that suite (only suites that have
 * records). Harness metrics (prediction accuracy, time spent) are left out: they judge the harness.
 */
export function suiteVerdicts(records: readonly ResultRecord[]): Map<string, Map<SuiteId, Status>> {
  const verdicts = new Map<string, Map<SuiteId, Status>>();
  const suites = suitesOf(records);
  for (const model of modelsOf(records)) {
    const ofModel = records.filter((record) => record.model === model);
    const bySuite = new Map<SuiteId, Status>();
    for (const suite of suites) {
      const ofSuite = ofModel.filter((record) => record.suite === suite);
      const statuses = ofSuite.filter(countsTowardVerdict).map((record) => record.status);
      if (ofSuite.length > 0) bySuite.set(suite, statuses.length > 0 ? worstStatus(statuses) : 'skip');
    }
    verdicts.set(model, bySuite);
  }
  return verdicts;
}
