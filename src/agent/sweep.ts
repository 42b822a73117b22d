// The leftover sweep: removes the containers and relay volumes that a crashed, OOM-killed or
// SIGKILLed harness left behind. Every object carries the run id and its harness process (PID, start
// time, boot; owner.ts); `orphansOnly` spares those whose harness still runs (another `bench run` at
// the same time) and removes the rest — a PID now used by another process counts as dead.
import os from 'node:os';
import { CONTAINER_LABEL } from './container.js';
import { docker } from '../shared/docker.js';
import { OWNER_LABELS, ownerAlive, type OwnerCheck, localOwnerCheck } from './owner.js';

export interface SweptObject {
  /** Short container id, or the volume's name. */
  id: string;
  name: string;
  runId: string | null;
}

export interface SweepResult {
  containers: SweptObject[];
  volumes: SweptObject[];
}

interface Listed {
  id: string;
  name: string;
  labels: Record<string, string>;
}

/** Containers of harness code before owner labels existed: the owner is in the name, PID only. */
function nameOwnerAlive(name: string, check: OwnerCheck): boolean {
  const match = /^claude-code-bench-(.+)-(\d+)-[0-9a-f]+$/.exec(name);
  const pid = Number(match?.[2]);
  if (!match || match[1] !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  return check.exists(pid);
}

const alive = (object: Listed, check: OwnerCheck): boolean =>
  object.labels[OWNER_LABELS.pid] === undefined ? nameOwnerAlive(object.name, check) : ownerAlive(object.labels, check);

function parseInspect(stdout: string): Listed[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .flatMap((line) => {
      const [id, name, ...json] = line.split(' ');
      try {
        return [
          {
            id,
            name: name.replace(/^\//, ''),
            labels: (JSON.parse(json.join(' ')) as Record<string, string> | null) ?? {},
          },
        ];
      } catch {
        return [];
      }
    });
}

async function listContainers(): Promise<Listed[]> {
  const ids = (await docker(['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${CONTAINER_LABEL}`])).stdout
    .split('\n')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0) return [];
  // A container removed between the two calls is simply missing from the answer.
  const inspected = await docker([
    'container',
    'inspect',
    '--format',
    '{{.Id}} {{.Name}} {{json .Config.Labels}}',
    ...ids,
  ]);
  return parseInspect(inspected.stdout).map((container) => ({ ...container, id: container.id.slice(0, 12) }));
}

async function listVolumes(): Promise<Listed[]> {
  const names = (await docker(['volume', 'ls', '--quiet', '--filter', `label=${CONTAINER_LABEL}`])).stdout
    .split('\n')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) return [];
  const inspected = await docker(['volume', 'inspect', '--format', '{{.Name}} {{.Name}} {{json .Labels}}', ...names]);
  return parseInspect(inspected.stdout);
}

const swept = (object: Listed): SweptObject => ({
  id: object.id,
  name: object.name,
  runId: object.labels[OWNER_LABELS.run] ?? null,
});

export interface SweepOptions {
  /** Spare the objects of harness processes still running. Default: remove everything labelled. */
  orphansOnly?: boolean;
  /** Only the objects of this run (e.g. the run's own clean-up). */
  runId?: string;
  /** Only the objects of this harness process (tests clean up after themselves, not after others). */
  ownerPid?: number;
  check?: OwnerCheck;
}

/** Removes labelled containers (first: a relay volume is in use until they are gone), then volumes. */
export async function removeLeftovers(options: SweepOptions = {}): Promise<SweepResult> {
  const check = options.check ?? localOwnerCheck();
  const chosen = (object: Listed) =>
    (options.runId === undefined || object.labels[OWNER_LABELS.run] === options.runId) &&
    (options.ownerPid === undefined || object.labels[OWNER_LABELS.pid] === String(options.ownerPid)) &&
    !(options.orphansOnly && alive(object, check));
  const containers = (await listContainers()).filter(chosen);
  if (containers.length > 0) await docker(['rm', '--force', ...containers.map((container) => container.id)]);
  const volumes = (await listVolumes()).filter(chosen);
  if (volumes.length > 0) await docker(['volume', 'rm', '--force', ...volumes.map((volume) => volume.name)]);
  return { containers: containers.map(swept), volumes: volumes.map(swept) };
}

const ownerFilter = (ownerPid: number | undefined): string[] =>
  ownerPid === undefined ? [] : ['--filter', `label=${OWNER_LABELS.pid}=${ownerPid}`];

/** Ids of containers with the harness's label that exist now (running or not); `ownerPid`: only that process's. */
export async function listBenchContainers(ownerPid?: number): Promise<string[]> {
  const listed = await docker([
    'ps',
    '--all',
    '--quiet',
    '--filter',
    `label=${CONTAINER_LABEL}`,
    ...ownerFilter(ownerPid),
  ]);
  return listed.stdout
    .split('\n')
    .map((id) => id.trim())
    .filter(Boolean);
}

/** Names of volumes with the harness's label that exist now; `ownerPid`: only that process's. */
export async function listBenchVolumes(ownerPid?: number): Promise<string[]> {
  const listed = await docker([
    'volume',
    'ls',
    '--quiet',
    '--filter',
    `label=${CONTAINER_LABEL}`,
    ...ownerFilter(ownerPid),
  ]);
  return listed.stdout
    .split('\n')
    .map((name) => name.trim())
    .filter(Boolean);
}

/** "2 containers and 1 volume" for the progress line. */
export function describeSweep(result: SweepResult): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const parts = [
    result.containers.length > 0 ? plural(result.containers.length, 'container') : '',
    result.volumes.length > 0 ? plural(result.volumes.length, 'relay volume') : '',
  ].filter(Boolean);
  return parts.join(' and ');
}
