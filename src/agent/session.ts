// One Claude Code session: a fresh workspace, the recording proxy in front of the server, one
// container running `claude -p`, budgets enforced live (the container is killed when one runs
// out), then the transcript, the proxy's logs and findings, and the recording saved to disk.
import type { ServerAdvice } from '../servers/types.js';
import { listenHostFor, hostUrlFor, runClaudeCode, type ClaudeRunResult, type ContainerLimits, type NetworkMode } from './container.js';
import { findingsOf, type Finding } from './findings.js';
import type { ExchangeLog } from './exchange.js';
import { startRecordingProxy } from './proxy.js';
import { recordingPath, saveRecording, type Recording } from './recording.js';
import { applyLine, applyStderr, emptyTranscript, subagentCount, SUBAGENT_TOOLS, type StreamTranscript } from './stream-json.js';
import { createWorkspace, removeWorkspace } from './workspace.js';

export interface SessionBudgets {
  wallSeconds: number;
  maxTurns: number;
  maxSubagents: number;
}

/** Why the harness killed a session before Claude Code ended it. */
export type StopReason = 'timeout' | 'aborted' | 'runaway_subagents' | 'turn_budget';

export interface SessionOptions {
  image: string;
  claudeCodeVersion: string | null;
  model: string;
  taskId: string;
  prompt: string;
  files: Record<string, string>;
  budgets: SessionBudgets;
  /** The Ollama server (or simulator) the proxy forwards to. */
  upstream: string;
  /** Extra environment for Claude Code (bench launch's settings). */
  settingsEnv?: Record<string, string>;
  networkMode: NetworkMode;
  limits?: ContainerLimits;
  serverContextTokens: number | null;
  /** The server's own advice for findings (default Ollama's). */
  server?: ServerAdvice;
  /** The run's out dir: the recording goes to <outDir>/recordings/<model>/<task>.json. Empty: not saved. */
  outDir: string;
  signal?: AbortSignal;
}

export interface SessionOutcome {
  workspace: string;
  transcript: StreamTranscript;
  logs: ExchangeLog[];
  findings: Finding[];
  run: ClaudeRunResult;
  stoppedBy: StopReason | null;
  subagents: number;
  recording: Recording;
  recordingFile: string | null;
  /** Removes the workspace (after the verifier looked at it). */
  dispose(): Promise<void>;
}

export function claudeArgs(model: string, prompt: string, maxTurns: number): string[] {
  return ['-p', prompt, '--model', model, '--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions', '--max-turns', String(maxTurns)];
}

/** The container's whole environment: launch settings, then the fixed names that must win. */
export function sessionEnv(proxyUrl: string, settingsEnv: Record<string, string> = {}): Record<string, string> {
  return { ...settingsEnv, ANTHROPIC_BASE_URL: proxyUrl, ANTHROPIC_AUTH_TOKEN: 'ollama', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };
}

/** Runs the session in a fresh workspace; whatever fails after the workspace exists, it is removed. */
export async function runSession(options: SessionOptions): Promise<SessionOutcome> {
  const workspace = await createWorkspace(options.files);
  try {
    return await runInWorkspaceDir(options, workspace);
  } catch (error) {
    await removeWorkspace(workspace, options.image);
    throw error;
  }
}

async function runInWorkspaceDir(options: SessionOptions, workspace: string): Promise<SessionOutcome> {
  const { budgets } = options;
  const transcript = emptyTranscript();
  let stop: ((reason: string) => void) | null = null;
  let proxySubagents = 0;
  const proxy = await startRecordingProxy({
    upstream: options.upstream,
    listenHost: listenHostFor(options.networkMode),
    onExchange: (log) => {
      proxySubagents += log.toolCalls.filter((name) => SUBAGENT_TOOLS.has(name)).length;
      if (proxySubagents > budgets.maxSubagents) stop?.('runaway_subagents');
    },
  });
  let run: ClaudeRunResult;
  try {
    run = await runClaudeCode({
      image: options.image,
      workspace,
      env: sessionEnv(hostUrlFor(options.networkMode, proxy.port), options.settingsEnv),
      args: claudeArgs(options.model, options.prompt, budgets.maxTurns),
      networkMode: options.networkMode,
      limits: options.limits,
      timeoutMs: budgets.wallSeconds * 1000,
      signal: options.signal,
      onStart: (stopContainer) => (stop = stopContainer),
      onStdoutLine: (line, stopContainer) => {
        applyLine(transcript, line);
        if (subagentCount(transcript) > budgets.maxSubagents) stopContainer('runaway_subagents');
        // --max-turns is Claude Code's own limit; this catches a session that ignores it.
        else if (transcript.turns > budgets.maxTurns + 2) stopContainer('turn_budget');
      },
    });
  } finally {
    await proxy.close();
  }
  applyStderr(transcript, run.stderr);
  const logs = proxy.logs();
  const findings = findingsOf(logs, { model: options.model, serverContextTokens: options.serverContextTokens, server: options.server });
  const recording: Recording = {
    schema: 'claude-code-bench/recording@1',
    model: options.model,
    task: options.taskId,
    claudeCodeVersion: options.claudeCodeVersion,
    createdAt: new Date().toISOString(),
    serverContextTokens: options.serverContextTokens,
    findings,
    exchanges: [...proxy.exchanges],
  };
  const recordingFile = options.outDir ? recordingPath(options.outDir, options.model, options.taskId) : null;
  if (recordingFile) await saveRecording(recordingFile, recording);
  return {
    workspace,
    transcript,
    logs,
    findings,
    run,
    stoppedBy: run.stoppedBy as StopReason | null,
    subagents: Math.max(subagentCount(transcript), proxySubagents),
    recording,
    recordingFile,
    dispose: () => removeWorkspace(workspace, options.image),
  };
}
