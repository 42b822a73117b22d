// A fresh temporary workspace per session: the only thing a Claude Code container sees of the host.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { docker } from '../shared/docker.js';

/** Writes `files` (relative path → content) into a new temp directory that uid 1000 can change. */
export async function createWorkspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'claude-code-bench-ws-'));
  try {
    await writeFiles(dir, files);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  // The container runs as uid 1000, which may not be the harness's uid: everything world-writable.
  await chmod(dir, 0o777);
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    if (!file.startsWith(dir + path.sep)) throw new Error(`workspace file outside the workspace: ${relative}`);
    let parent = path.dirname(file);
    await mkdir(parent, { recursive: true });
    while (parent !== dir) {
      await chmod(parent, 0o777);
      parent = path.dirname(parent);
    }
    await writeFile(file, content);
    await chmod(file, 0o666);
  }
}

/**
 * Deletes the workspace. Files uid 1000 made in new folders may not be deletable by the harness's
 * user; then a throwaway container opens them up first.
 */
export async function removeWorkspace(dir: string, image: string | null): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true });
  } catch {
    if (image)
      await docker([
        'run',
        '--rm',
        '--network',
        'none',
        '--user',
        '1000:1000',
        '--volume',
        `${dir}:/workspace`,
        '--entrypoint',
        'chmod',
        image,
        '-R',
        'a+rwX',
        '/workspace',
      ]);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
