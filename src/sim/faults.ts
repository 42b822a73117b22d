// Injected faults, decided deterministically so a test that fails request 3 fails it every time.
// Each rule keeps its own counter of the requests it applies to that no earlier rule failed; with
// rate r it fires on the n-th such request when floor(n·r) steps up (r = 1/3 → requests 3, 6, 9 …).

export type FaultKind =
  | 'refuse'
  | 'reset'
  | 'http500'
  | 'http503'
  | 'truncate'
  | 'stall'
  | 'invalid-line'
  | 'huge'
  | 'slow-first-byte';

export const FAULT_KINDS: readonly FaultKind[] = [
  'refuse',
  'reset',
  'http500',
  'http503',
  'truncate',
  'stall',
  'invalid-line',
  'huge',
  'slow-first-byte',
];

export interface FaultRule {
  kind: FaultKind;
  /** Share of matching requests that fail, 0..1. */
  rate: number;
  /** Model names the rule applies to (`sim-good` or `sim-good:latest`); all when absent. */
  models?: string[];
  /** Paths the rule applies to; the generation routes (/api/chat, /api/generate, /v1/messages) when absent. */
  paths?: string[];
  /** Delay before headers for `slow-first-byte` (default 2000 ms). */
  delayMs?: number;
}

/** The generation routes of every personality (llama-server's chat and completion endpoints too). */
export const GENERATION_PATHS: readonly string[] = [
  '/api/chat',
  '/api/generate',
  '/v1/messages',
  '/v1/chat/completions',
  '/chat/completions',
  '/completion',
  '/completions',
];

/** Error texts as Ollama sends them (server/sched.go, llm/server.go). */
export const FAULT_MESSAGES = {
  http500:
    'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details',
  http503: 'server busy, please try again.  maximum pending requests exceeded',
} as const;

const bareModel = (name: string): string => name.replace(/:latest$/, '');

/** Hands out faults for a sequence of requests; one instance per rule list (per server, per profile). */
export class FaultPlan {
  private readonly counters: number[];

  constructor(private readonly rules: readonly FaultRule[]) {
    this.counters = rules.map(() => 0);
  }

  /** The fault for this request, or null. Call once per request, in arrival order. */
  next(path: string, model: string | null): FaultRule | null {
    for (const [index, rule] of this.rules.entries()) {
      if (!appliesTo(rule, path, model)) continue;
      const n = ++this.counters[index];
      if (Math.floor(n * rule.rate + 1e-9) > Math.floor((n - 1) * rule.rate + 1e-9)) return rule;
    }
    return null;
  }
}

function appliesTo(rule: FaultRule, path: string, model: string | null): boolean {
  const paths = rule.paths ?? GENERATION_PATHS;
  if (!paths.includes(path)) return false;
  if (!rule.models) return true;
  return model !== null && rule.models.some((m) => bareModel(m) === bareModel(model));
}
