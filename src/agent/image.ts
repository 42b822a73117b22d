// The Claude Code image: built once per Claude Code version from the repository's Dockerfile and
// reused by tag. It is built from a local base image only — the harness never pulls.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { docker } from '../shared/docker.js';

export const IMAGE_REPOSITORY = 'claude-code-bench/claude-code';
export const DEFAULT_CLAUDE_CODE_VERSION = '2.1.332';

export const imageTag = (claudeCodeVersion: string): string => `${IMAGE_REPOSITORY}:${claudeCodeVersion}`;

/** The Dockerfile shipped with the package: at the repository root, above src/ or dist/src/. */
export function packagedDockerfile(): string {
  let dir = import.meta.dirname;
  for (let depth = 0; depth < 5; depth++) {
    const candidate = path.join(dir, 'Dockerfile');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('Dockerfile not found next to the claude-code-bench package');
}

async function imageExists(tag: string): Promise<boolean> {
  return (await docker(['image', 'inspect', '--format', '{{.Id}}', tag])).code === 0;
}

export interface EnsureImageOptions {
  claudeCodeVersion?: string;
  /** Default: the Dockerfile's own (node:24-bookworm-slim). */
  baseImage?: string;
  dockerfile?: string;
  /** Build even when the tag exists. */
  rebuild?: boolean;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** Returns the image tag, building it when missing. Throws with the build's output when it fails. */
export async function ensureImage(options: EnsureImageOptions = {}): Promise<string> {
  const version = options.claudeCodeVersion ?? DEFAULT_CLAUDE_CODE_VERSION;
  const tag = imageTag(version);
  if (!options.rebuild && (await imageExists(tag))) return tag;
  options.onProgress?.(`building ${tag} (Claude Code ${version}, once)`);
  // The Dockerfile copies nothing, so it is sent alone on stdin: no build context to upload.
  const dockerfile = await readFile(options.dockerfile ?? packagedDockerfile(), 'utf8');
  const args = ['build', '--tag', tag, '--build-arg', `CLAUDE_CODE_VERSION=${version}`];
  if (options.baseImage) args.push('--build-arg', `BASE_IMAGE=${options.baseImage}`);
  const result = await docker([...args, '-'], { input: dockerfile, signal: options.signal });
  if (result.code !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`docker build of ${tag} failed:\n${tail}`);
  }
  return tag;
}
