// Reading a file of the workspace on the host after a session, without following links out of it.
// Model-written code may have replaced any file or folder with a symbolic link (`ln -s /etc/shadow
// hello.txt`): every component of the path is checked with lstat, the file is opened with
// O_NOFOLLOW, and what was opened must still be the regular file inside the workspace that was checked.
import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Larger files are not read: no task expects more, and a model could fill the disk. */
export const MAX_READ_BYTES = 1024 * 1024;

export type WorkspaceRead =
  | { kind: 'file'; content: string }
  | { kind: 'missing' }
  /** `at` is the workspace-relative path of the link (a folder on the way, or the file itself). */
  | { kind: 'symlink'; at: string }
  | { kind: 'not_a_file'; at: string }
  | { kind: 'too_large'; bytes: number };

const isMissing = (error: unknown): boolean =>
  ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

export async function readWorkspaceFile(dir: string, relative: string): Promise<WorkspaceRead> {
  const root = await realpath(dir);
  const parts = relative.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 || parts.includes('..')) throw new Error(`not a workspace file: ${relative}`);
  let current = root;
  for (const [index, part] of parts.entries()) {
    current = path.join(current, part);
    const at = parts.slice(0, index + 1).join('/');
    let stats: Awaited<ReturnType<typeof lstat>>;
    try {
      stats = await lstat(current);
    } catch (error) {
      if (isMissing(error)) return { kind: 'missing' };
      throw error;
    }
    if (stats.isSymbolicLink()) return { kind: 'symlink', at };
    const last = index === parts.length - 1;
    if (!last && !stats.isDirectory()) return { kind: 'missing' };
    if (last && !stats.isFile()) return { kind: 'not_a_file', at };
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(current, constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { kind: 'symlink', at: parts.join('/') };
    if (isMissing(error)) return { kind: 'missing' };
    throw error;
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return { kind: 'not_a_file', at: parts.join('/') };
    // A folder on the way swapped for a link after the checks above: what was opened is elsewhere.
    const where = await realpath(current);
    const now = await lstat(where);
    if (!where.startsWith(root + path.sep) || now.ino !== opened.ino || now.dev !== opened.dev)
      return { kind: 'symlink', at: parts.join('/') };
    if (opened.size > MAX_READ_BYTES) return { kind: 'too_large', bytes: opened.size };
    const buffer = Buffer.alloc(opened.size);
    const { bytesRead } = await handle.read(buffer, 0, opened.size, 0);
    return { kind: 'file', content: buffer.subarray(0, bytesRead).toString('utf8') };
  } finally {
    await handle.close();
  }
}
