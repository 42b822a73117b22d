// What an agent task is: data (starting files, prompt, budgets) plus a verifier that looks at the
// workspace (and Claude Code's final answer) afterwards.

export interface TaskBudgets {
  /** Wall time for the whole Claude Code session; the container is killed after it. */
  wallSeconds: number;
  /** Assistant turns of the main conversation (also passed as --max-turns). */
  maxTurns: number;
  /** Task/Agent tool calls allowed before the session counts as runaway. */
  maxSubagents: number;
}

export interface VerifyContext {
  /** Host path of the workspace after the session. */
  dir: string;
  /** Claude Code's final answer (the `result` of stream-json). */
  finalText: string;
  /** Runs a command in a fresh, network-less container over the workspace (never on the host). */
  exec(command: string[]): Promise<{ code: number | null; output: string }>;
}

export interface VerifyResult {
  passed: boolean;
  detail: string;
  /** A failure with a name of its own (otherwise the task fails as `verifier_failed`). */
  failure?: 'symlink_in_workspace';
}

export interface AgentTask {
  /** Metric name is `agent.<id>`. */
  id: string;
  title: string;
  /** Relative path → content, written into the workspace before the session. */
  files: Record<string, string>;
  /** Plain instructions a real model and the simulator's competent model both follow. */
  prompt: string;
  budgets: TaskBudgets;
  verify(ctx: VerifyContext): Promise<VerifyResult>;
}

export const DEFAULT_BUDGETS: TaskBudgets = { wallSeconds: 300, maxTurns: 12, maxSubagents: 2 };
