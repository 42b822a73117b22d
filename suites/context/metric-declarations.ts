// The context suite's metrics, as reporters, the answer and `compare` read them — and which of
// their warnings the recommended launch settings take care of.
import type { LaunchFacts, MetricDeclaration } from '../../src/run/metric.js';
import type { ResultRecord } from '../../src/types.js';
import { REQUIRED_CONTEXT_TOKENS } from '../../src/launch/context-fix.js';

/** The launch raises the server's context to what Claude Code needs. */
function raisedByLaunch(_record: ResultRecord, launch: LaunchFacts): string | null {
  return launch.servedContextTokens >= REQUIRED_CONTEXT_TOKENS
    ? `the launch settings serve it at ${launch.servedContextTokens} tokens`
    : null;
}

/**
 * How the server treats an over-long prompt (cut silently, or refused with a 400) is inherent: no
 * setting changes it. What matters is that Claude Code never sends one: with its window at or
 * below the served context it compacts first.
 */
function compactsFirst(record: ResultRecord, launch: LaunchFacts): string | null {
  const how =
    record.value === 'truncates_silently'
      ? 'an over-long prompt is cut, not refused'
      : record.value === 'rejects_400'
        ? 'an over-long prompt is refused with HTTP 400'
        : null;
  const window = launch.claudeWindowTokens;
  if (how === null || window === null || window > launch.servedContextTokens) return null;
  return `inherent to the server (${how}); with CLAUDE_CODE_MAX_CONTEXT_TOKENS=${window} (≤ the ${launch.servedContextTokens} served) Claude Code compacts before it gets there`;
}

export const CONTEXT_METRICS: readonly MetricDeclaration[] = [
  {
    name: 'claimed_context_tokens',
    unit: 'tokens',
    direction: 'higher',
    role: 'fact',
    measures: 'claimedContext',
    chart: { chart: 'contexts', label: 'claimed by the model', rank: 2 },
  },
  {
    name: 'server_context_tokens',
    unit: 'tokens',
    direction: 'higher',
    role: 'verdict',
    glance: 'served ctx',
    thresholds: `pass ≥ ${REQUIRED_CONTEXT_TOKENS} tokens`,
    settledBy: raisedByLaunch,
    measures: 'servedContext',
    chart: { chart: 'contexts', label: 'server default (what Claude Code gets)', rank: 3 },
  },
  {
    name: 'effective_context_tokens',
    unit: 'tokens',
    direction: 'higher',
    role: 'verdict',
    glance: 'effective ctx',
    thresholds: `pass ≥ ${REQUIRED_CONTEXT_TOKENS} tokens`,
    measures: 'effectiveContext',
    chart: { chart: 'contexts', label: 'effective (recall holds)', rank: 1 },
  },
  {
    name: 'claude_code_prompt_fits',
    unit: '',
    direction: 'none',
    role: 'verdict',
    thresholds: `the served context holds ${REQUIRED_CONTEXT_TOKENS} tokens`,
    settledBy: raisedByLaunch,
  },
  {
    name: 'overflow_behavior',
    unit: '',
    direction: 'none',
    role: 'verdict',
    thresholds: 'pass: an over-long prompt is refused with an error',
    settledBy: compactsFirst,
  },
  { name: 'allocated_context_tokens', unit: 'tokens', direction: 'higher', role: 'fact' },
  { name: 'suite_model_seconds', unit: 's', direction: 'lower', role: 'harness' },
];
