// Shared by the reliability tests: the built CLI run without blocking this process (the simulator
// answering it lives here), temporary directories, and every file of a run's output as text.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `bench <args>` in a child process; killed after `killAfterMs` so a hang fails the test instead
 * of the suite. `as` runs it as another user (uid/gid), e.g. one who may not write a directory.
 */
export function bench(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  killAfterMs = 90_000,
  as?: { uid: number; gid: number },
): Promise<CliResult> {
  return command(process.execPath, [CLI, ...args], env, killAfterMs, as);
}

/** Any command, as `bench` runs the CLI. */
export function command(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  killAfterMs = 90_000,
  as?: { uid: number; gid: number },
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      env: { ...process.env, CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(as ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code: signal ? null : code, stdout, stderr: signal ? `${stderr}\n(killed: ${signal})` : stderr });
    });
  });
}

/** Temporary directories, removed by `cleanup` (call it in afterAll). */
export function tempDirs(prefix: string): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make: () => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    cleanup: () => {
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir`, recursively, as [relative path, text]. */
export function filesUnder(dir: string, prefix = ''): Array<[string, string]> {
  return readdirSync(dir).flatMap((name): Array<[string, string]> => {
    const path = join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    return statSync(path).isDirectory() ? filesUnder(path, relative) : [[relative, readFileSync(path, 'utf8')]];
  });
}
