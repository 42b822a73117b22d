// Reads the failed tool-use probes that suites attach to records as `data.failedProbes`.
import type { ResultRecord } from '../types.js';

export interface FailedProbe {
  id: string;
  category: string;
  /** Failure mode name, e.g. `tool_call_as_text`. */
  failure: string;
  /** The model's raw reply (untrusted text). */
  reply: string;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The failed probes listed in these records, each once (a probe may be listed both by its category's
 * record and by a summary record). `data` is free-form JSON, so entries are read defensively.
 */
export function failedProbesOf(records: readonly ResultRecord[]): FailedProbe[] {
  const seen = new Map<string, FailedProbe>();
  for (const record of records) {
    const listed = record.data?.failedProbes;
    if (!Array.isArray(listed)) continue;
    for (const entry of listed) {
      if (entry === null || typeof entry !== 'object') continue;
      const fields = entry as Record<string, unknown>;
      const probe: FailedProbe = {
        id: asText(fields.id),
        category: asText(fields.category),
        failure: asText(fields.failure),
        reply: asText(fields.reply),
      };
      const key = JSON.stringify([probe.id, probe.failure, probe.reply]);
      if (!seen.has(key)) seen.set(key, probe);
    }
  }
  return [...seen.values()];
}
