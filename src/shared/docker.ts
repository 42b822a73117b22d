// The docker CLI as a function. The harness uses the CLI (not the socket API) so that whatever
// engine the user's `docker` talks to (Docker Desktop, colima, rootless) is the one used.
import { spawn } from 'node:child_process';

export interface DockerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface DockerCallOptions {
  signal?: AbortSignal;
  /** Written to stdin (e.g. a Dockerfile for `docker build -`). */
  input?: string;
  /** Extra environment for the docker client (`-e NAME` forwards these into a container). */
  env?: Record<string, string>;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export function docker(args: string[], options: DockerCallOptions = {}): Promise<DockerResult> {
  return new Promise((resolve) => {
    const child = spawn('docker', args, {
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      signal: options.signal,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(chunk);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface DockerStatus {
  available: boolean;
  version: string | null;
  detail: string;
}

/** `docker version` with no engine behind it can hang on a dead socket; this is how long to wait. */
export const DOCKER_STATUS_TIMEOUT_MS = 5000;

/**
 * Whether a Docker engine answers (the one place that asks: doctor's hardware summary and the agent
 * suite both use it). `docker version` asks the daemon too, so success means containers can start.
 */
export async function dockerStatus(timeoutMs = DOCKER_STATUS_TIMEOUT_MS): Promise<DockerStatus> {
  const signal = AbortSignal.timeout(timeoutMs);
  const result = await docker(['version', '--format', '{{.Server.Version}}'], { signal });
  const version = result.stdout.trim();
  if (result.code === 0 && version) return { available: true, version, detail: `Docker engine ${version}` };
  if (/ENOENT/.test(result.stderr)) return { available: false, version: null, detail: 'docker command not found' };
  if (signal.aborted)
    return { available: false, version: null, detail: `docker version did not answer within ${timeoutMs} ms` };
  const reason = result.stderr.trim().split('\n').pop() || 'docker did not answer';
  return { available: false, version: null, detail: `no Docker engine answered (${reason})` };
}
