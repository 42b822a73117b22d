// Which way is better for a metric: decides whether a change is a regression or an improvement.

export type Direction = 'higher' | 'lower' | 'info';

// Checked in order; the first rule whose test matches decides. Anything else is informational
// (a change is shown, never judged): byte sizes, server defaults, behaviour names.
const RULES: readonly { direction: Direction; test: (metric: string) => boolean }[] = [
  { direction: 'higher', test: (m) => m.endsWith('_tps') },
  { direction: 'higher', test: (m) => m.startsWith('tool_use') },
  { direction: 'higher', test: (m) => m.endsWith('_context_tokens') },
  { direction: 'higher', test: (m) => m === 'agent_tasks_passed' || m === 'gpu_offload_fraction' },
  { direction: 'higher', test: (m) => m.startsWith('session_cache_reuse') },
  { direction: 'lower', test: (m) => m.endsWith('_ms') },
  { direction: 'lower', test: (m) => m === 'agent_seconds' },
];

export function metricDirection(metric: string): Direction {
  return RULES.find((rule) => rule.test(metric))?.direction ?? 'info';
}
