// `bench run --resume DIR`: the run's own options, from its journal. Options given again are
// compared with them: what can change without making the records differ from a clean run's (a new
// --host, the gate, the output mode) is applied; anything else is ignored, and said so.
import { resolve } from 'node:path';
import { REDACTED, redactUrl } from '../shared/redact.js';
import type { RunOptions } from '../types.js';
import { normalizeHost } from './host.js';
import { parseBackend, type RawRunOptions } from './run-options.js';
import { UsageError, shownValue } from './usage.js';

export type StoredOptions = Omit<RunOptions, 'outDir'>;

const commaList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/** One option given again with --resume: the value given, the run's own, and whether they differ. */
interface Given {
  flag: string;
  given: string;
  stored: string;
  differs: boolean;
}

/** The options that would change what is measured: kept as the run started, so its records stay comparable. */
function measuredOptions(raw: RawRunOptions, stored: StoredOptions): Given[] {
  const out: Given[] = [];
  const add = (flag: string, given: string | undefined, stored: string, differs: (given: string) => boolean) => {
    if (given !== undefined) out.push({ flag, given, stored, differs: differs(given) });
  };
  add('--models', raw.models, stored.models.join(','), (given) => !sameSet(commaList(given), stored.models));
  add(
    '--suites',
    raw.suites,
    stored.suites.join(','),
    (given) => given !== 'all' && !sameSet(commaList(given), stored.suites),
  );
  add('--reps', raw.reps, String(stored.reps), (given) => Number(given) !== stored.reps);
  add('--parallel', raw.parallel, String(stored.parallel), (given) => Number(given) !== stored.parallel);
  add(
    '--timeout',
    raw.timeout,
    String(stored.timeoutMs / 1000),
    (given) => Math.round(Number(given) * 1000) !== stored.timeoutMs,
  );
  add('--backend', raw.backend, stored.backend, (given) => parseBackend(given) !== stored.backend);
  add(
    '--claude-code-version',
    raw.claudeCodeVersion,
    stored.claudeCodeVersion,
    (given) => given !== stored.claudeCodeVersion,
  );
  if (raw.sim && !stored.simulated) out.push({ flag: '--sim', given: 'on', stored: 'a real server', differs: true });
  if (raw.quick && !stored.quick) out.push({ flag: '--quick', given: 'on', stored: 'a full run', differs: true });
  return out;
}

export interface ResumePlan {
  options: RunOptions;
  /** One line per option given again: ignored (and why) or applied. */
  notes: string[];
}

/**
 * The resumed run's options: the stored ones, with a new --host (or OLLAMA_HOST, when the stored
 * address was masked because it held a token) and --fail-on applied.
 */
export function planResume(dir: string, stored: StoredOptions, raw: RawRunOptions, env: NodeJS.ProcessEnv): ResumePlan {
  if (raw.out !== undefined && resolve(raw.out) !== resolve(dir)) {
    throw new UsageError(
      `--out ${shownValue(raw.out)} with --resume ${shownValue(dir)}: a resumed run continues in its own directory; leave --out out`,
    );
  }
  const notes: string[] = [];
  for (const option of measuredOptions(raw, stored).filter((o) => o.differs)) {
    notes.push(
      `--resume: ignoring ${option.flag} ${shownValue(option.given)}: the run measures with ${option.stored}, and a resumed run keeps its options so its records match a clean run's (start a new run to change it)`,
    );
  }
  let host = stored.host;
  if (!stored.simulated) {
    const masked = stored.host.includes(REDACTED);
    const candidate = raw.host ?? (masked ? env.OLLAMA_HOST : undefined);
    if (candidate !== undefined) {
      const source = raw.host !== undefined ? '--host' : 'OLLAMA_HOST';
      const next = normalizeHost(candidate, source);
      if (masked && raw.host === undefined && redactUrl(next) !== stored.host) {
        throw new UsageError(
          `--resume: the run's server address held a token and was stored masked (${stored.host}); OLLAMA_HOST (${redactUrl(next)}) is another address: give the server again with --host`,
        );
      }
      if (redactUrl(next) !== stored.host)
        notes.push(
          `--resume: continuing against ${source} ${redactUrl(next)} (the run started against ${stored.host})`,
        );
      host = next;
    } else if (masked) {
      throw new UsageError(
        `--resume: the run's server address held a token and was stored masked (${stored.host}); give it again with --host (or OLLAMA_HOST)`,
      );
    }
  } else if (raw.host !== undefined) {
    notes.push(`--resume: ignoring --host ${redactUrl(raw.host)}: the run is simulated and starts its own simulator`);
  }
  let failOn = stored.failOn;
  if (raw.failOn !== undefined) {
    if (raw.failOn !== 'warn' && raw.failOn !== 'fail')
      throw new UsageError(`--fail-on ${shownValue(raw.failOn)}: must be warn or fail`);
    failOn = raw.failOn;
  }
  return { options: { ...stored, host, failOn, outDir: dir }, notes };
}
