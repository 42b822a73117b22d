// What a suite says about each metric it writes: its unit, which way is better, whether it is a
// verdict or a fact, and where it appears at a glance. Reporters, the answer and `compare` read
// these declarations instead of knowing metric names.
import type { ResultRecord } from '../types.js';

export type MetricDirection = 'higher' | 'lower' | 'none';

/** How a metric's status is meant. */
export type MetricRole =
  /** Judged against thresholds: its status is the model's verdict on that point. */
  | 'verdict'
  /** A measured fact (a size, a time, a trained context): a pass only means "measured", shown as info. */
  | 'fact'
  /** About the harness or the run (prediction accuracy, model time spent): never part of a model's verdict. */
  | 'harness';

/** Facts about the launch the answer recommends, for metrics the launch settings account for. */
export interface LaunchFacts {
  /** Context the server will run the model at once the launch's server setting is applied. */
  servedContextTokens: number;
  /** Claude Code's window (CLAUDE_CODE_MAX_CONTEXT_TOKENS) in the launch. */
  claudeWindowTokens: number | null;
  /** The environment the launch gives Claude Code. */
  claudeEnv: Readonly<Record<string, string>>;
}

export interface MetricDeclaration {
  /** The metric name, or a family: `predicted_bytes@` matches `predicted_bytes@4096`, `tool_use.` matches `tool_use.simple`. */
  name: string;
  unit: string;
  direction: MetricDirection;
  role: MetricRole;
  /** Thresholds in words ("pass ≥ 20 tokens/s, warn ≥ 8"), for legends and the README. */
  thresholds?: string;
  /** A column of the at-a-glance numbers table (console and report.md): its short header. */
  glance?: string;
  /** A summary metric that speaks for this one: when it warns or fails, "What to do" shows only it (with its advice). */
  summarizedBy?: string;
  /**
   * When a warn/fail of this metric is something the recommended launch settings take care of
   * (the server's context raised, Claude Code told its window), what it means with them; else null.
   */
  settledBy?: (record: ResultRecord, launch: LaunchFacts) => string | null;
}

/** Whether `declaration` covers `metric` (exactly, or as a family). */
export function declares(declaration: Pick<MetricDeclaration, 'name'>, metric: string): boolean {
  const { name } = declaration;
  if (name.endsWith('@') || name.endsWith('.')) return metric.startsWith(name);
  return metric === name;
}

/** The declaration of `metric` among `declarations`: an exact name first, then the longest family. */
export function findDeclaration(
  declarations: readonly MetricDeclaration[],
  metric: string,
): MetricDeclaration | undefined {
  const exact = declarations.find((d) => d.name === metric);
  if (exact) return exact;
  return declarations.filter((d) => declares(d, metric)).sort((a, b) => b.name.length - a.name.length)[0];
}
