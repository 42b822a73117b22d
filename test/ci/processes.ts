// Runs the built `bench` CLI and the workflow's scripts as CI does: child processes, exit codes kept.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CLI } from '../helpers/cli.js';

const exec = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runProcess(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Finished> {
  try {
    const { stdout, stderr } = await exec(file, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, CI: 'true', ...options.env },
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? e.message ?? '',
    };
  }
}

/** `bench <args>` with the built CLI. */
export function bench(args: string[], env?: NodeJS.ProcessEnv): Promise<Finished> {
  return runProcess(process.execPath, [CLI, ...args], { env });
}

/** A script of .github/scripts, with BENCH pointing at the built CLI (as the workflows run it after `npm run build`). */
export function workflowScript(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const path = fileURLToPath(new URL(`../../.github/scripts/${script}`, import.meta.url));
  const [command, ...prefix] = script.endsWith('.sh') ? ['bash', path] : [process.execPath, path];
  return runProcess(command, [...prefix, ...args], { env: { BENCH: `${process.execPath} ${CLI}`, ...env } });
}
