// One Claude Code container per model × task: uid 1000, only a fresh workspace mounted, only the
// named environment, resource limits, and removed afterwards — on success, failure, timeout,
// budget kill, or Ctrl-C. The network is the agent relay's (relay.ts: loopback only, the recording
// proxy as the one way out) or none. Each container carries its own deadline (`timeout` inside it,
// under docker's init), so it ends on time even when the harness was SIGKILLed, and labels naming
// the run and the harness process (owner.ts), so the leftover sweep (sweep.ts) can tell orphans.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { track, untrack } from './cleanup.js';
import { docker } from '../shared/docker.js';
import { harnessOwner, ownerLabelArgs, type HarnessOwner } from './owner.js';

export const CONTAINER_LABEL = 'claude-code-bench';
/** `agent` (Claude Code), `command` (a verifier's command), `relay` (relay.ts). */
export const ROLE_LABEL = 'claude-code-bench.role';

/** `claude-code-bench-<host>-<pid>-<random>`: the harness process that started the container. */
export const containerName = (host = os.hostname(), pid = process.pid): string =>
  `${CONTAINER_LABEL}-${host}-${pid}-${randomBytes(5).toString('hex')}`;

/** A container's network: none at all, or the network namespace of the agent relay (`container:<name>`). */
export type ContainerNetwork = 'none' | `container:${string}`;

/** Seconds a container lives past the harness's own timer before its in-container deadline ends it. */
export const DEADLINE_GRACE_SECONDS = 15;
/** After the deadline's SIGTERM, SIGKILL this much later. */
export const DEADLINE_KILL_AFTER_SECONDS = 5;

export const deadlineSecondsFor = (timeoutMs: number): number => Math.ceil(timeoutMs / 1000) + DEADLINE_GRACE_SECONDS;

/**
 * `--init --entrypoint timeout … -k K D <command>`: the command ends D seconds after the container
 * started, whoever is left to stop it. (Short options: GNU coreutils and busybox both read them.)
 */
export function deadlineArgs(
  deadlineSeconds: number,
  command: string,
): { dockerArgs: string[]; commandArgs: string[] } {
  return {
    dockerArgs: ['--init', '--entrypoint', 'timeout'],
    commandArgs: ['-k', String(DEADLINE_KILL_AFTER_SECONDS), String(deadlineSeconds), command],
  };
}

/** timeout's exit status when the deadline ended the command. */
export const DEADLINE_EXIT_CODE = 124;

/** The labels of every Docker object the harness makes: the sweep's key. */
export const labelArgs = (role: string, owner: HarnessOwner = harnessOwner()): string[] => [
  '--label',
  `${CONTAINER_LABEL}=1`,
  '--label',
  `${ROLE_LABEL}=${role}`,
  ...ownerLabelArgs(owner),
];

export interface ContainerLimits {
  /** docker --memory, e.g. "2g". */
  memory: string;
  pids: number;
  cpus: number;
}

export const DEFAULT_LIMITS: ContainerLimits = { memory: '2g', pids: 512, cpus: Math.min(2, os.cpus().length) };

export interface ClaudeRunOptions {
  image: string;
  /** Instead of the image's `claude` (verifiers run `node`). */
  entrypoint?: string;
  /** Host directory mounted at /workspace (the only mount). */
  workspace: string;
  /** The only environment the container gets. */
  env: Record<string, string>;
  /** Arguments after `claude`. */
  args: string[];
  /** `none` for commands that need no network (verifiers); the agent relay's namespace for Claude Code. */
  networkMode: ContainerNetwork;
  limits?: ContainerLimits;
  /** The harness stops the container after this; the container's own deadline is a little later. */
  timeoutMs: number;
  /** Whose container it is (labels); default this process. */
  owner?: HarnessOwner;
  signal?: AbortSignal;
  /** Each line of stdout as it arrives; call `stop` to kill the container (budgets). */
  onStdoutLine?: (line: string, stop: (reason: string) => void) => void;
  /** Hands out `stop` at once, for budgets enforced from elsewhere (the proxy). */
  onStart?: (stop: (reason: string) => void) => void;
}

export interface ClaudeRunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** `timeout`, `aborted`, a budget's reason, or null when Claude Code ended by itself. */
  stoppedBy: string | null;
  seconds: number;
  containerName: string;
}

export function dockerRunArgs(name: string, options: ClaudeRunOptions): string[] {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const deadline = deadlineArgs(deadlineSecondsFor(options.timeoutMs), options.entrypoint ?? 'claude');
  return [
    'run',
    '--rm',
    '--name',
    name,
    ...labelArgs(options.entrypoint ? 'command' : 'agent', options.owner),
    '--user',
    '1000:1000',
    '--memory',
    limits.memory,
    '--pids-limit',
    String(limits.pids),
    '--cpus',
    String(limits.cpus),
    '--security-opt',
    'no-new-privileges',
    '--cap-drop',
    'ALL',
    '--network',
    options.networkMode,
    '--volume',
    `${options.workspace}:/workspace`,
    '--workdir',
    '/workspace',
    // `-e NAME` without a value: docker copies it from the client's environment, set below only
    // to these names, so values do not appear in the process list.
    ...Object.keys(options.env).flatMap((key) => ['--env', key]),
    ...deadline.dockerArgs,
    options.image,
    ...deadline.commandArgs,
    ...options.args,
  ];
}

/** Runs one container to its end (or until stopped) and removes it, whatever happens. */
export async function runClaudeCode(options: ClaudeRunOptions): Promise<ClaudeRunResult> {
  const name = containerName();
  const started = performance.now();
  let stoppedBy: string | null = null;
  const stop = (reason: string) => {
    if (stoppedBy !== null) return;
    stoppedBy = reason;
    void docker(['rm', '--force', name]);
  };
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = () => stop('aborted');
  if (options.signal?.aborted) stoppedBy = 'aborted';
  options.signal?.addEventListener('abort', onAbort, { once: true });
  track('container', name);
  options.onStart?.(stop);
  let pending = '';
  try {
    if (stoppedBy !== null)
      return { exitCode: null, stdout: '', stderr: '', stoppedBy, seconds: 0, containerName: name };
    const result = await docker(dockerRunArgs(name, options), {
      env: options.env,
      onStdout: (chunk) => {
        pending += chunk;
        let newline: number;
        while ((newline = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          options.onStdoutLine?.(line, stop);
        }
      },
    });
    // The container's own deadline came first (the harness's timer was late, e.g. a blocked event loop).
    if (stoppedBy === null && result.code === DEADLINE_EXIT_CODE) stoppedBy = 'timeout';
    return {
      exitCode: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
      stoppedBy,
      seconds: (performance.now() - started) / 1000,
      containerName: name,
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await docker(['rm', '--force', name]);
    untrack('container', name);
  }
}

export interface WorkspaceCommandOptions {
  timeoutMs?: number;
  /** Ctrl-C: the command's container is removed at once. */
  signal?: AbortSignal;
}

/** Runs a command over a workspace in a network-less container (verifiers: never model-written code on the host). */
export async function runInWorkspace(
  image: string,
  workspace: string,
  command: string[],
  options: WorkspaceCommandOptions = {},
): Promise<{ code: number | null; output: string }> {
  const [entrypoint, ...args] = command;
  const result = await runClaudeCode({
    image,
    entrypoint,
    args,
    workspace,
    env: {},
    networkMode: 'none',
    limits: { memory: '512m', pids: 128, cpus: 1 },
    timeoutMs: options.timeoutMs ?? 60_000,
    signal: options.signal,
  });
  const stopped = result.stoppedBy ? `\n(stopped: ${result.stoppedBy})` : '';
  return { code: result.stoppedBy ? null : result.exitCode, output: `${result.stdout}${result.stderr}${stopped}` };
}
