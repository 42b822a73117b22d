// One Claude Code container per model × task: uid 1000, only a fresh workspace mounted, only the
// named environment, resource limits, and removed afterwards — on success, failure, timeout,
// budget kill, or Ctrl-C. Containers carry a label so a sweep can remove any that a crash left, and
// a name that says which harness process started them, so the sweep spares runs still going.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { docker } from './docker.js';

export const CONTAINER_LABEL = 'claude-code-bench';

/** `claude-code-bench-<host>-<pid>-<random>`: the harness process that started the container. */
export const containerName = (host = os.hostname(), pid = process.pid): string => `${CONTAINER_LABEL}-${host}-${pid}-${randomBytes(5).toString('hex')}`;

/** `host`: Linux host networking (127.0.0.1 is the host). `bridge-host-gateway`: Docker Desktop, via host.docker.internal. */
export type NetworkMode = 'host' | 'bridge-host-gateway';

export const defaultNetworkMode = (): NetworkMode => (process.platform === 'linux' ? 'host' : 'bridge-host-gateway');

/** The base URL a container uses to reach a port on the host. */
export function hostUrlFor(mode: NetworkMode, port: number): string {
  return mode === 'host' ? `http://127.0.0.1:${port}` : `http://host.docker.internal:${port}`;
}

/** Where a server on the host must listen for the container to reach it. */
export const listenHostFor = (mode: NetworkMode): string => (mode === 'host' ? '127.0.0.1' : '0.0.0.0');

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
  /** `none` for commands that need no network (verifiers). */
  networkMode: NetworkMode | 'none';
  limits?: ContainerLimits;
  timeoutMs: number;
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

const liveContainers = new Set<string>();

function removeNow(names: Iterable<string>): void {
  const list = [...names];
  if (list.length > 0) spawnSync('docker', ['rm', '--force', ...list], { stdio: 'ignore', timeout: 20_000 });
}

/** On Ctrl-C or SIGTERM, remove live containers first, then let the signal do what it would have done. */
function onTerminatingSignal(signal: NodeJS.Signals): void {
  removeNow(liveContainers);
  liveContainers.clear();
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onTerminatingSignal);
    process.kill(process.pid, signal);
  }
}

function track(name: string): void {
  if (liveContainers.size === 0) {
    process.on('SIGINT', onTerminatingSignal);
    process.on('SIGTERM', onTerminatingSignal);
    process.on('exit', onExit);
  }
  liveContainers.add(name);
}

function untrack(name: string): void {
  liveContainers.delete(name);
  if (liveContainers.size === 0) {
    process.removeListener('SIGINT', onTerminatingSignal);
    process.removeListener('SIGTERM', onTerminatingSignal);
    process.removeListener('exit', onExit);
  }
}

function onExit(): void {
  removeNow(liveContainers);
}

export function dockerRunArgs(name: string, options: ClaudeRunOptions): string[] {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const network =
    options.networkMode === 'host' ? ['--network', 'host'] : options.networkMode === 'none' ? ['--network', 'none'] : ['--add-host', 'host.docker.internal:host-gateway'];
  return [
    'run', '--rm', '--name', name,
    '--label', `${CONTAINER_LABEL}=1`,
    '--user', '1000:1000',
    '--memory', limits.memory, '--pids-limit', String(limits.pids), '--cpus', String(limits.cpus),
    '--security-opt', 'no-new-privileges', '--cap-drop', 'ALL',
    ...network,
    '--volume', `${options.workspace}:/workspace`,
    '--workdir', '/workspace',
    // `-e NAME` without a value: docker copies it from the client's environment, set below only
    // to these names, so values do not appear in the process list.
    ...Object.keys(options.env).flatMap((key) => ['--env', key]),
    ...(options.entrypoint ? ['--entrypoint', options.entrypoint] : []),
    options.image,
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
  track(name);
  options.onStart?.(stop);
  let pending = '';
  try {
    if (stoppedBy !== null) return { exitCode: null, stdout: '', stderr: '', stoppedBy, seconds: 0, containerName: name };
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
    return { exitCode: result.code, stdout: result.stdout, stderr: result.stderr, stoppedBy, seconds: (performance.now() - started) / 1000, containerName: name };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await docker(['rm', '--force', name]);
    untrack(name);
  }
}

export interface WorkspaceCommandOptions {
  timeoutMs?: number;
  /** Ctrl-C: the command's container is removed at once. */
  signal?: AbortSignal;
}

/** Runs a command over a workspace in a network-less container (verifiers: never model-written code on the host). */
export async function runInWorkspace(image: string, workspace: string, command: string[], options: WorkspaceCommandOptions = {}): Promise<{ code: number | null; output: string }> {
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

/** Whether the harness process named in a container's name is still running (on this host). */
function ownerAlive(name: string): boolean {
  const match = /^claude-code-bench-(.+)-(\d+)-[0-9a-f]+$/.exec(name);
  const pid = Number(match?.[2]);
  if (!match || match[1] !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, but not ours to signal
  }
}

/**
 * Removes containers with the harness's label that a crash or a killed run left. `orphansOnly`: spare
 * those of harness processes still running (another `bench run` at the same time). Returns their ids.
 */
export async function removeLeftoverContainers(options: { orphansOnly?: boolean } = {}): Promise<string[]> {
  const listed = await docker(['ps', '--all', '--filter', `label=${CONTAINER_LABEL}`, '--format', '{{.ID}} {{.Names}}']);
  const ids = listed.stdout
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter(([id, name = '']) => id && !(options.orphansOnly && ownerAlive(name)))
    .map(([id]) => id);
  if (ids.length > 0) await docker(['rm', '--force', ...ids]);
  return ids;
}

/** Ids of containers with the harness's label that exist now (running or not). */
export async function listBenchContainers(): Promise<string[]> {
  const listed = await docker(['ps', '--all', '--quiet', '--filter', `label=${CONTAINER_LABEL}`]);
  return listed.stdout.split('\n').map((id) => id.trim()).filter(Boolean);
}
