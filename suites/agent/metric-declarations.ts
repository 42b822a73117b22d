// The agent suite's metrics, as reporters, the answer and `compare` read them.
import type { MetricDeclaration } from '../../src/run/metric.js';

export const AGENT_METRICS: readonly MetricDeclaration[] = [
  { name: 'claude_code_version', unit: '', direction: 'none', role: 'fact' },
  { name: 'agent_tasks_passed', unit: 'ratio', direction: 'higher', role: 'verdict', glance: 'agent tasks' },
  { name: 'agent.', unit: '', direction: 'higher', role: 'verdict', summarizedBy: 'agent_tasks_passed' },
  { name: 'agent_seconds', unit: 's/task', direction: 'lower', role: 'fact' },
  { name: 'agent_turns', unit: '', direction: 'lower', role: 'fact' },
  { name: 'agent_invalid_tool_calls', unit: '', direction: 'lower', role: 'verdict' },
  { name: 'agent_finding.', unit: '', direction: 'lower', role: 'verdict' },
  { name: 'agent_settings_effect.', unit: '', direction: 'none', role: 'fact' },
];
