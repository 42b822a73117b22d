// Which harness process owns a container, volume or network, and whether it is still running. Every
// Docker object the harness makes carries these labels; the leftover sweep removes the objects of
// owners that are gone. A PID alone is not enough: after a crash the PID may belong to another
// process by now, so the owner is the PID together with its start time (and the boot it started in).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export const OWNER_LABELS = {
  run: 'claude-code-bench.run',
  host: 'claude-code-bench.host',
  pid: 'claude-code-bench.pid',
  started: 'claude-code-bench.started',
  boot: 'claude-code-bench.boot',
} as const;

export interface HarnessOwner {
  /** The run the objects belong to (the run's id, or one made per process for library use). */
  runId: string;
  host: string;
  pid: number;
  /** When the process started, as this OS tells it (null when it cannot be read). */
  started: string | null;
  /** Linux boot id: a start time is only comparable within one boot. */
  boot: string | null;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export const bootId = (): string | null => readOrNull('/proc/sys/kernel/random/boot_id')?.trim() || null;

/**
 * A process's start time: on Linux the `starttime` of /proc/<pid>/stat (clock ticks since boot),
 * elsewhere `ps -o lstart=`. null when the process does not exist (or it cannot be read).
 */
export function processStartTime(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (process.platform === 'linux') {
    const stat = readOrNull(`/proc/${pid}/stat`);
    if (stat === null) return null;
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 of the whole line
  }
  if (process.platform === 'win32') return null;
  const ps = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 });
  return ps.status === 0 ? ps.stdout.trim() || null : null;
}

let self: HarnessOwner | null = null;

/** This process as the owner of what it creates; `runId` names the run (the first one given sticks). */
export function harnessOwner(runId?: string): HarnessOwner {
  self ??= {
    runId: runId ?? `process-${randomBytes(6).toString('hex')}`,
    host: os.hostname(),
    pid: process.pid,
    started: processStartTime(process.pid),
    boot: bootId(),
  };
  return runId && runId !== self.runId ? { ...self, runId } : self;
}

/** `--label` arguments for `docker run|create|volume create|network create`. */
export function ownerLabelArgs(owner: HarnessOwner): string[] {
  const labels: Record<string, string> = {
    [OWNER_LABELS.run]: owner.runId,
    [OWNER_LABELS.host]: owner.host,
    [OWNER_LABELS.pid]: String(owner.pid),
  };
  if (owner.started !== null) labels[OWNER_LABELS.started] = owner.started;
  if (owner.boot !== null) labels[OWNER_LABELS.boot] = owner.boot;
  return Object.entries(labels).flatMap(([name, value]) => ['--label', `${name}=${value}`]);
}

export interface OwnerCheck {
  host: string;
  boot: string | null;
  /** The start time of a PID now, null when no such process runs. */
  startTimeOf: (pid: number) => string | null;
  /** Whether a PID exists at all (when no start time was labelled). */
  exists: (pid: number) => boolean;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, but not ours to signal
  }
}

export const localOwnerCheck = (): OwnerCheck => ({
  host: os.hostname(),
  boot: bootId(),
  startTimeOf: processStartTime,
  exists: pidExists,
});

/**
 * Whether the owner named by an object's labels is still running. Objects of another host are
 * spared (their owner cannot be checked from here; their containers end at their own deadline).
 * Labels without a PID (not made by this harness's current code) count as not alive.
 */
export function ownerAlive(labels: Readonly<Record<string, string>>, check: OwnerCheck = localOwnerCheck()): boolean {
  const pid = Number(labels[OWNER_LABELS.pid]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (labels[OWNER_LABELS.host] !== check.host) return true;
  const boot = labels[OWNER_LABELS.boot];
  if (boot && check.boot && boot !== check.boot) return false; // started before a reboot
  const started = labels[OWNER_LABELS.started];
  if (!started) return check.exists(pid);
  return check.startTimeOf(pid) === started; // a reused PID has another start time
}
