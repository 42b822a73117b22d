// The results directory, checked before any suite runs: created one level at a time (Node's
// recursive mkdir spins forever under /proc), then a probe file written and removed, so an
// unwritable or full disk is one clear line up front instead of a stack trace after the run.
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { errorMessage } from '../shared/errors.js';

/** What went wrong with a directory, in words: `permission denied`, `no space left on the device`, … */
export const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'a file of that name is in the way',
  ENOENT: 'a part of the path does not exist and cannot be created there',
  ENAMETOOLONG: 'the path is too long',
  EISDIR: 'it is a directory',
  EIO: 'an input/output error on the device',
};

/** `permission denied (EACCES)` for an fs error; the message for anything else. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code && FS_REASONS[code]) return `${FS_REASONS[code]} (${code})`;
  return code ?? errorMessage(error);
}

export class OutDirError extends Error {
  override name = 'OutDirError';
  constructor(
    readonly dir: string,
    readonly code: string | null,
    reason: string,
  ) {
    super(reason);
  }
}

/** Like `mkdir -p`, one component at a time: every failure is an error, never a loop. */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let current = resolve(dir);
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (existsSync(current) && !statSync(current).isDirectory())
    throw Object.assign(new Error(`${current} is a file`), { code: 'ENOTDIR' });
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      // Made meanwhile by someone else: fine, as long as it is a directory.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(path).isDirectory()) continue;
      throw error;
    }
  }
}

const PROBE_BYTES = 64 * 1024;

/**
 * Creates `dir` and proves a file can be written there (64 KiB, then removed): throws OutDirError
 * with the reason (permission denied, read-only, no space left, …).
 */
export function prepareOutDir(dir: string): void {
  try {
    makeDirectory(dir);
  } catch (error) {
    throw new OutDirError(
      dir,
      (error as NodeJS.ErrnoException).code ?? null,
      `cannot create the directory: ${fsReason(error)}`,
    );
  }
  if (!statSync(dir).isDirectory()) throw new OutDirError(dir, 'ENOTDIR', 'it is a file, not a directory');
  const probe = join(dir, `.bench-write-probe-${process.pid}`);
  let fd: number | null = null;
  try {
    fd = openSync(probe, 'w');
    writeSync(fd, Buffer.alloc(PROBE_BYTES));
  } catch (error) {
    throw new OutDirError(dir, (error as NodeJS.ErrnoException).code ?? null, `cannot write there: ${fsReason(error)}`);
  } finally {
    if (fd !== null) closeSync(fd);
    rmSync(probe, { force: true });
  }
}
