// The run's append-only journal (journal.jsonl): every record is written the moment it is made,
// so a killed run loses at most the probe in flight, and `--resume` knows what finished.
import { optionsSchema, upgradeLegacyParts } from './run-file.js';
import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import type { CostFigures, ResultRecord, RunEnvironment, RunOptions, SuiteId } from '../types.js';
import { fsReason } from './out-dir.js';

export type JournalEntry =
  | { kind: 'start'; runId: string; environment: RunEnvironment; options: Omit<RunOptions, 'outDir'> }
  | { kind: 'begin'; model: string; suite: SuiteId }
  | { kind: 'record'; record: ResultRecord }
  | { kind: 'done'; model: string; suite: SuiteId }
  /** What one attempt of a suite cost the server (written when it ends, finished or not). */
  | { kind: 'cost'; model: string; suite: SuiteId; cost: CostFigures };

export const JOURNAL_FILE = 'journal.jsonl';

/** The journal could not be written (disk full, permissions): the run stops, keeping what was written. */
export class JournalWriteError extends Error {
  override name = 'JournalWriteError';
  constructor(
    readonly path: string,
    readonly code: string | null,
    reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}

export class Journal {
  /** Set by the first failed write; later appends are dropped (the run is stopping). */
  failure: JournalWriteError | null = null;
  private readonly onFailure: ((error: JournalWriteError) => void) | undefined;

  /** `onFailure` is called once, on the first write that fails (the run uses it to stop). */
  constructor(
    readonly path: string,
    onFailure?: (error: JournalWriteError) => void,
  ) {
    this.onFailure = onFailure;
  }

  append(entry: JournalEntry): void {
    if (this.failure) return;
    try {
      appendFileSync(this.path, JSON.stringify(entry) + '\n');
    } catch (error) {
      this.failure = new JournalWriteError(this.path, (error as NodeJS.ErrnoException).code ?? null, fsReason(error));
      if (!this.onFailure) throw this.failure;
      this.onFailure(this.failure);
    }
  }
}

export interface JournalState {
  start: Extract<JournalEntry, { kind: 'start' }> | null;
  /** Records of the last finished attempt of each model × suite pair (unfinished attempts run again). */
  records: ResultRecord[];
  done: Set<string>;
  /** The cost of every attempt so far, finished or not: it was paid either way. */
  costs: Array<{ model: string; suite: SuiteId; cost: CostFigures }>;
  /** Byte length of the journal without a torn last line (the run was killed mid-write), when it had one. */
  tornAt: number | null;
}

export const pairKey = (model: string, suite: SuiteId): string => `${model}\u0000${suite}`;

/** Reads a journal; a torn last line (the run was killed while writing) is ignored. */
export function readJournal(path: string): JournalState {
  const state: JournalState = { start: null, records: [], done: new Set(), costs: [], tornAt: null };
  if (!existsSync(path)) return state;
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  // Records wait here until their pair's `done`; a new `begin` of the pair discards an unfinished attempt.
  const pending = new Map<string, ResultRecord[]>();
  const finished = new Map<string, ResultRecord[]>();
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch (error) {
      if (index >= lines.length - 2) {
        // Torn tail: cut off on resume, so lines appended later never follow a broken one.
        state.tornAt = Buffer.byteLength(
          lines
            .slice(0, index)
            .map((l) => `${l}\n`)
            .join(''),
        );
        return;
      }
      throw new Error(`${path}:${index + 1}: not a journal line (${(error as Error).message})`);
    }
    if (entry.kind === 'start') {
      if (state.start)
        throw new Error(
          `${path}:${index + 1}: a second run start (run ${entry.runId} after ${state.start.runId}): the journal mixes two runs`,
        );
      // Journals of runs from before backends carry ollamaHost/ollamaVersion.
      upgradeLegacyParts(entry.environment, entry.options);
      const problem = startProblem(entry);
      if (problem) throw new Error(`${path}:${index + 1}: the run start ${problem}`);
      state.start = entry;
      return;
    }
    if ((entry.kind === 'begin' || entry.kind === 'record') && state.start) {
      // Another run's lines (an --out at an old run directory, from before that was refused) are no part of this run.
      const model = entry.kind === 'begin' ? entry.model : entry.record?.model;
      if (!state.start.options.models.includes(model))
        throw new Error(
          `${path}:${index + 1}: a ${entry.kind} of model ${JSON.stringify(model)}, which run ${state.start.runId} does not test (${state.start.options.models.join(', ')}): the journal mixes two runs`,
        );
    }
    if (entry.kind === 'cost') {
      if (entry.cost && typeof entry.cost.requests === 'number')
        state.costs.push({ model: entry.model, suite: entry.suite, cost: entry.cost });
      return;
    }
    if (entry.kind === 'begin') pending.set(pairKey(entry.model, entry.suite), []);
    else if (entry.kind === 'record') {
      const key = pairKey(entry.record.model, entry.record.suite);
      pending.set(key, [...(pending.get(key) ?? []), entry.record]);
    } else if (entry.kind === 'done') {
      const key = pairKey(entry.model, entry.suite);
      finished.set(key, pending.get(key) ?? []);
      pending.delete(key);
      state.done.add(key);
    }
  });
  state.records = [...finished.values()].flat();
  return state;
}

/** What is wrong with a start entry (written by another tool, or edited), or null. */
function startProblem(entry: Extract<JournalEntry, { kind: 'start' }>): string | null {
  if (typeof entry.runId !== 'string' || !entry.runId) return 'has no run id';
  if (!entry.environment || typeof entry.environment !== 'object') return 'has no environment';
  if (!entry.options || typeof entry.options !== 'object')
    return `has no options (options: ${JSON.stringify(entry.options ?? null)})`;
  const parsed = optionsSchema.safeParse(entry.options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `has damaged options (${issue.path.join('.') || 'options'}: ${issue.message})`;
  }
  return null;
}

/** Cuts a torn last line off the journal (see `JournalState.tornAt`). */
export function cutTornTail(path: string, tornAt: number): void {
  truncateSync(path, tornAt);
}
