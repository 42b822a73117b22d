// One Claude Code session: a fresh workspace, the recording proxy in front of the server, the relay
// that is the container's only way out (relay.ts), one container running `claude -p`, budgets
// enforced live (the container is killed when one runs out), then the transcript, the proxy's logs
// and findings, and the recording saved to disk.
import { rm } from 'node:fs/promises';
import type { ServerAdvice } from '../servers/types.js';
import { deadlineSecondsFor, runClaudeCode, type ClaudeRunResult, type ContainerLimits } from './container.js';
import { docker } from '../shared/docker.js';
import { harnessOwner } from './owner.js';
import {
  defaultUplink,
  openAgentRelay,
  proxyListenFor,
  RELAY_BASE_URL,
  type AgentRelay,
  type Uplink,
} from './relay.js';
import { findingsOf, type Finding } from './findings.js';
import type { ExchangeLog } from './exchange.js';
import { startRecordingProxy, type RecordingProxy } from './proxy.js';
import { recordingPath, saveRecording, type Recording } from './recording.js';
import {
  applyLine,
  applyStderr,
  emptyTranscript,
  subagentCount,
  SUBAGENT_TOOLS,
  type StreamTranscript,
} from './stream-json.js';
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
  /** How the agent's relay reaches the proxy (default: relay.ts's defaultUplink()). */
  uplink?: Uplink;
  /** The run the containers belong to (their labels; the sweep's key). */
  runId?: string;
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
  return [
    '-p',
    prompt,
    '--model',
    model,
    '--output-format',
    'stream-json',
    '--verbose',
    '--dangerously-skip-permissions',
    '--max-turns',
    String(maxTurns),
  ];
}

/** The container's whole environment: launch settings, then the fixed names that must win. */
export function sessionEnv(proxyUrl: string, settingsEnv: Record<string, string> = {}): Record<string, string> {
  return {
    ...settingsEnv,
    ANTHROPIC_BASE_URL: proxyUrl,
    ANTHROPIC_AUTH_TOKEN: 'ollama',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
}

/** The engine's kind decides the uplink on Linux (Docker Desktop for Linux has a VM too); asked once. */
let engineOs: Promise<string | null> | null = null;
async function defaultUplinkOfEngine(): Promise<Uplink> {
  engineOs ??= docker(['info', '--format', '{{.OperatingSystem}}']).then((info) =>
    info.code === 0 ? info.stdout.trim() : null,
  );
  return defaultUplink(await engineOs);
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
  const owner = harnessOwner(options.runId);
  const uplink = options.uplink ?? (await defaultUplinkOfEngine());
  const listen = await proxyListenFor(uplink);
  let proxy: RecordingProxy;
  try {
    proxy = await startRecordingProxy({
      upstream: options.upstream,
      ...('socketPath' in listen ? { socketPath: listen.socketPath } : { listenHost: listen.listenHost }),
      onExchange: (log) => {
        proxySubagents += log.toolCalls.filter((name) => SUBAGENT_TOOLS.has(name)).length;
        if (proxySubagents > budgets.maxSubagents) stop?.('runaway_subagents');
      },
    });
  } catch (error) {
    if ('dir' in listen) await rm(listen.dir, { recursive: true, force: true });
    throw error;
  }
  const timeoutMs = budgets.wallSeconds * 1000;
  let relay: AgentRelay | null = null;
  let run: ClaudeRunResult;
  try {
    // After Ctrl-C no relay starts; runClaudeCode then starts nothing either and says `aborted`.
    if (!options.signal?.aborted)
      relay = await openAgentRelay({
        image: options.image,
        uplink,
        listen,
        proxyPort: proxy.port,
        agentDeadlineSeconds: deadlineSecondsFor(timeoutMs),
        owner,
        signal: options.signal,
      });
    run = await runClaudeCode({
      image: options.image,
      workspace,
      env: sessionEnv(relay?.baseUrl ?? RELAY_BASE_URL, options.settingsEnv),
      args: claudeArgs(options.model, options.prompt, budgets.maxTurns),
      networkMode: relay?.network ?? 'none',
      owner,
      limits: options.limits,
      timeoutMs,
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
    await relay?.close();
    await proxy.close();
    if ('dir' in listen) await rm(listen.dir, { recursive: true, force: true });
  }
  applyStderr(transcript, run.stderr);
  const logs = proxy.logs();
  const findings = findingsOf(logs, {
    model: options.model,
    serverContextTokens: options.serverContextTokens,
    server: options.server,
  });
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
