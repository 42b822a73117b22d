// Who owns a Docker object the harness made, and whether that harness still runs: the PID with its
// start time (a reused PID is another process), the boot, the host.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  harnessOwner,
  OWNER_LABELS,
  ownerAlive,
  ownerLabelArgs,
  processStartTime,
  type OwnerCheck,
} from '../../src/agent/owner.js';
import { relayArgs, RELAY_EXTRA_SECONDS, RELAY_SCRIPT } from '../../src/agent/relay.js';

const labelsOf = (args: string[]): Record<string, string> =>
  Object.fromEntries(
    args.flatMap((word, index) =>
      args[index - 1] === '--label' ? [word.split(/=(.*)/s).slice(0, 2) as [string, string]] : [],
    ),
  );

describe('harness owner labels', () => {
  it('name the run, host, PID, start time and boot of this process', () => {
    const labels = labelsOf(ownerLabelArgs(harnessOwner('run-1')));
    expect(labels).toMatchObject({
      [OWNER_LABELS.run]: 'run-1',
      [OWNER_LABELS.host]: os.hostname(),
      [OWNER_LABELS.pid]: String(process.pid),
    });
    if (process.platform === 'linux') {
      expect(labels[OWNER_LABELS.started]).toMatch(/^\d+$/);
      expect(labels[OWNER_LABELS.boot]).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(ownerAlive(labels)).toBe(true);
  });

  it('a process that has ended has no start time, and its objects are orphans', () => {
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    expect(processStartTime(ended)).toBeNull();
    const labels = labelsOf(ownerLabelArgs({ ...harnessOwner(), pid: ended }));
    expect(ownerAlive(labels)).toBe(false);
  });
});

describe('ownerAlive', () => {
  const check: OwnerCheck = {
    host: 'here',
    boot: 'boot-1',
    startTimeOf: (pid) => (pid === 42 ? '1000' : null),
    exists: (pid) => pid === 42,
  };
  const labels = (overrides: Record<string, string | undefined>) =>
    Object.fromEntries(
      Object.entries({
        [OWNER_LABELS.host]: 'here',
        [OWNER_LABELS.pid]: '42',
        [OWNER_LABELS.started]: '1000',
        [OWNER_LABELS.boot]: 'boot-1',
        ...overrides,
      }).filter(([, value]) => value !== undefined),
    ) as Record<string, string>;

  it('the same PID with the same start time in the same boot is alive', () => {
    expect(ownerAlive(labels({}), check)).toBe(true);
  });

  it('a reused PID (another start time) is dead, as is a PID of an earlier boot or one that no longer runs', () => {
    expect(ownerAlive(labels({ [OWNER_LABELS.started]: '999' }), check)).toBe(false);
    expect(ownerAlive(labels({ [OWNER_LABELS.boot]: 'boot-0' }), check)).toBe(false);
    expect(ownerAlive(labels({ [OWNER_LABELS.pid]: '43' }), check)).toBe(false);
    expect(ownerAlive(labels({ [OWNER_LABELS.pid]: undefined }), check)).toBe(false);
  });

  it("without a start time label the PID decides; another host's objects are spared", () => {
    expect(ownerAlive(labels({ [OWNER_LABELS.started]: undefined }), check)).toBe(true);
    expect(ownerAlive(labels({ [OWNER_LABELS.started]: undefined, [OWNER_LABELS.pid]: '43' }), check)).toBe(false);
    expect(ownerAlive(labels({ [OWNER_LABELS.host]: 'elsewhere', [OWNER_LABELS.pid]: '43' }), check)).toBe(true);
  });
});

describe('the agent relay container', () => {
  const base = {
    image: 'claude-code-bench/claude-code:2.1.332',
    uplink: 'socket' as const,
    listen: { socketPath: '/tmp/r/proxy.sock', dir: '/tmp/r' },
    proxyPort: 0,
    agentDeadlineSeconds: 135,
  };
  const args = relayArgs(
    'relay-1',
    base,
    ['--network', 'none'],
    '/tmp/r:/relay:ro',
    'tcp:127.0.0.1:4000',
    'unix:/relay/proxy.sock',
  );
  const valuesOf = (flag: string) => args.flatMap((word, index) => (word === flag ? [args[index + 1]] : []));

  it('has no network, a read-only root, no capabilities, uid 1000, small limits, and the socket folder read-only', () => {
    expect(valuesOf('--network')).toEqual(['none']);
    expect(args).toContain('--read-only');
    expect(valuesOf('--cap-drop')).toEqual(['ALL']);
    expect(valuesOf('--security-opt')).toEqual(['no-new-privileges']);
    expect(valuesOf('--user')).toEqual(['1000:1000']);
    expect(valuesOf('--volume')).toEqual(['/tmp/r:/relay:ro']);
    expect(valuesOf('--memory')).toHaveLength(1);
    expect(labelsOf(args)).toMatchObject({
      'claude-code-bench': '1',
      'claude-code-bench.role': 'relay',
      [OWNER_LABELS.pid]: String(process.pid),
    });
  });

  it("ends by itself, after the agent's deadline", () => {
    expect(args).toContain('--init');
    const command = args.slice(args.indexOf(base.image) + 1);
    expect(command.slice(0, 4)).toEqual(['-k', '5', String(135 + RELAY_EXTRA_SECONDS), 'node']);
    expect(command.slice(4)).toEqual(['-e', RELAY_SCRIPT, 'tcp:127.0.0.1:4000', 'unix:/relay/proxy.sock']);
  });
});
