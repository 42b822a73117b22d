// The run's append-only journal (journal.jsonl): every record is written the moment it is made,
// so a killed run loses at most the probe in flight, and `--resume` knows what finished.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { ResultRecord, RunEnvironment, RunOptions, SuiteId } from '../types.js';

export type JournalEntry =
  | { kind: 'start'; runId: string; environment: RunEnvironment; options: Omit<RunOptions, 'outDir'> }
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
  /** Records of model × suite pairs that finished (partial pairs are dropped: they run again). */
  records: ResultRecord[];
  done: Set<string>;
}

export const pairKey = (model: string, suite: SuiteId): string => `${model}\u0000${suite}`;

/** Reads a journal; a torn last line (the run was killed while writing) is ignored. */
export function readJournal(path: string): JournalState {
  const state: JournalState = { start: null, records: [], done: new Set() };
  if (!existsSync(path)) return state;
  const lines = readFileSync(path, 'utf8').split('\n');
  const all: ResultRecord[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch (error) {
      if (index >= lines.length - 2) return; // torn tail
      throw new Error(`${path}:${index + 1}: not a journal line (${(error as Error).message})`);
    }
    if (entry.kind === 'start') state.start = entry;
    else if (entry.kind === 'record') all.push(entry.record);
    else if (entry.kind === 'done') state.done.add(pairKey(entry.model, entry.suite));
  });
  state.records = all.filter((record) => state.done.has(pairKey(record.model, record.suite)));
  return state;
}
