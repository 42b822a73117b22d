// The public surface, so the harness can be used as a library (e.g. a custom suite or report).
export * from './types.js';
export type { Suite, SuiteContext } from './run/suite.js';
export {
  QUANTITIES,
  type ChartKind,
  type ChartPlacement,
  type MetricDeclaration,
  type MetricDirection,
  type MetricRole,
  type Quantity,
} from './run/metric.js';
export { runProbePlan, type ProbePlan, type Scored } from './run/probes.js';
export { runBenchmark, ServerUnreachableError, type RunnerInput, type RunOutcome } from './run/runner.js';
export { createSuiteContext, collectingContext, DEFAULT_OPTIONS } from './run/context.js';
export { Journal, readJournal } from './run/journal.js';
export { repeat, summarize, percentile, type SampleStats } from './shared/stats.js';
export { OllamaTarget } from './targets/ollama.js';
export { MessagesTarget, type StreamedReply } from './targets/messages.js';
export { TargetError } from './targets/errors.js';
export { toCsv } from './report/csv.js';
export { toJson, parseRunFile, RunFileError } from './run/run-file.js';
export { toMarkdown } from './report/markdown.js';
export { writeReports } from './report/write.js';
export { STATUS_RANK, worstStatus, suiteVerdicts } from './report/verdict.js';
export { compareRuns } from './compare/compare.js';
export { mergeRuns } from './report/merge.js';
export { detectHardware } from './hardware/detect.js';
export { predictMemory, kvCacheBytes, maxContextInVram } from './hardware/fit.js';
export { startSimulator, type SimulatorOptions, type RunningSimulator } from './sim/server.js';
export { ALL_SUITES } from '../suites/index.js';
