// The run's append-only journal (journal.jsonl): every record is written the moment it is made,
// so a killed run loses at most the probe in flight, and `--resume` knows what finished.
import { upgradeLegacyParts } from '../report/json.js';
import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import type { ResultRecord, RunEnvironment, RunOptions, SuiteId } from '../types.js';

export type JournalEntry =
  | { kind: 'start'; runId: string; environment: RunEnvironment; options: Omit<RunOptions, 'outDir'> }
  | { kind: 'begin'; model: string; suite: SuiteId }
  | { kind: 'record'; record: ResultRecord }
  | { kind: 'done'; model: string; suite: SuiteId };

export const JOURNAL_FILE = 'journal.jsonl';

export class Journal {
  constructor(readonly path: string) {}

  append(entry: JournalEntry): void {
    appendFileSync(this.path, JSON.stringify(entry) + '\n');
  }
}

export interface JournalState {
  start: Extract<JournalEntry, { kind: 'start' }> | null;
  /** Records of the last finished attempt of each model × suite pair (unfinished attempts run again). */
  records: ResultRecord[];
  done: Set<string>;
  /** Byte length of the journal without a torn last line (the run was killed mid-write), when it had one. */
  tornAt: number | null;
}

export const pairKey = (model: string, suite: SuiteId): string => `${model}\u0000${suite}`;

/** Reads a journal; a torn last line (the run was killed while writing) is ignored. */
export function readJournal(path: string): JournalState {
  const state: JournalState = { start: null, records: [], done: new Set(), tornAt: null };
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
        state.tornAt = Buffer.byteLength(lines.slice(0, index).map((l) => `${l}\n`).join(''));
        return;
      }
      throw new Error(`${path}:${index + 1}: not a journal line (${(error as Error).message})`);
    }
    if (entry.kind === 'start') {
      // Journals of runs from before backends carry ollamaHost/ollamaVersion.
      upgradeLegacyParts(entry.environment, entry.options);
      state.start = entry;
    }
    else if (entry.kind === 'begin') pending.set(pairKey(entry.model, entry.suite), []);
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

/** Cuts a torn last line off the journal (see `JournalState.tornAt`). */
export function cutTornTail(path: string, tornAt: number): void {
  truncateSync(path, tornAt);
}
