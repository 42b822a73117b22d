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

/** Whether a Docker engine answers, and what to do when it does not. */
export async function dockerStatus(): Promise<DockerStatus> {
  const result = await docker(['version', '--format', '{{.Server.Version}}']);
  if (result.code === 0 && result.stdout.trim()) return { available: true, version: result.stdout.trim(), detail: 'docker engine reachable' };
  const reason = result.stderr.trim().split('\n').pop() || 'docker did not answer';
  const missing = /ENOENT|not found/i.test(result.stderr);
  return {
    available: false,
    version: null,
    detail: missing
      ? 'the docker CLI is not installed: install Docker (https://docs.docker.com/get-docker/) to run the agent suite'
      : `no Docker engine answered (${reason}): start Docker Desktop or dockerd, then run the agent suite again`,
  };
}
