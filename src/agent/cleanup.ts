// The Docker objects this process has running (containers, relay volumes): on Ctrl-C, SIGTERM or
// exit they are removed at once, synchronously, before the signal does what it would have done.
// (A SIGKILL leaves them: then each container ends at its own deadline and the next sweep removes
// the rest — see sweep.ts.)
import { spawnSync } from 'node:child_process';

export type TrackedKind = 'container' | 'volume';

const live: Record<TrackedKind, Set<string>> = { container: new Set(), volume: new Set() };

const count = (): number => live.container.size + live.volume.size;

/** Containers first (the agent before its relays: the order they were started in, reversed), then volumes. */
export function removeTrackedNow(): void {
  const containers = [...live.container].reverse();
  if (containers.length > 0)
    spawnSync('docker', ['rm', '--force', ...containers], { stdio: 'ignore', timeout: 20_000 });
  const volumes = [...live.volume];
  if (volumes.length > 0)
    spawnSync('docker', ['volume', 'rm', '--force', ...volumes], { stdio: 'ignore', timeout: 20_000 });
  live.container.clear();
  live.volume.clear();
}

function onTerminatingSignal(signal: NodeJS.Signals): void {
  removeTrackedNow();
  if (process.listenerCount(signal) === 1) {
    unlisten();
    process.kill(process.pid, signal);
  }
}

function unlisten(): void {
  process.removeListener('SIGINT', onTerminatingSignal);
  process.removeListener('SIGTERM', onTerminatingSignal);
  process.removeListener('exit', removeTrackedNow);
}

export function track(kind: TrackedKind, name: string): void {
  if (count() === 0) {
    process.on('SIGINT', onTerminatingSignal);
    process.on('SIGTERM', onTerminatingSignal);
    process.on('exit', removeTrackedNow);
  }
  live[kind].add(name);
}

export function untrack(kind: TrackedKind, name: string): void {
  live[kind].delete(name);
  if (count() === 0) unlisten();
}

/** Names tracked now (tests). */
export const trackedNames = (kind: TrackedKind): string[] => [...live[kind]];
