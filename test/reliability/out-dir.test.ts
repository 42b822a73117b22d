// Where the results go, when it is a bad place: a path that cannot exist (/proc), a directory the
// user may not write, a full disk before the run and one that fills during it. Each is one line
// (no stack trace) before any suite runs, or — mid-run — a stop that keeps the journal and says how
// to resume, and the resume then finishes the run.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunFile } from '../../src/types.js';
import { CLI } from '../helpers/cli.js';
import { bench, command, tempDirs } from './helpers.js';

const dirs = tempDirs('bench-out-dir-');
afterAll(() => dirs.cleanup());

const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
const SIM_RUN = ['run', '--sim', '--models', 'sim-instant', '--suites', 'throughput,tool-use', '--reps', '1'];

/** A tiny tmpfs needs a mount namespace: `unshare -rm` (user namespaces), else these cases cannot be made. */
const canMountTmpfs =
  spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt && echo mounted'], {
    encoding: 'utf8',
  }).stdout?.includes('mounted') ?? false;

/** Runs a shell script in its own mount namespace with a tmpfs of `size` at $FS; $CLI is the built bench. */
function onTmpfs(size: string, script: string, killAfterMs = 120_000) {
  const fs = join(dirs.make(), 'fs');
  mkdirSync(fs);
  const wrapped = `set -u; mount -t tmpfs -o size=${size} tmpfs "$FS"; ${script}`;
  return command('unshare', ['-rm', 'sh', '-c', wrapped], { FS: fs, CLI, NODE: process.execPath }, killAfterMs);
}

describe('--out checked before any suite runs', () => {
  it("a path under /proc fails at once with one line (Node's recursive mkdir would spin forever)", async () => {
    const result = await bench([...SIM_RUN, '--out', '/proc/bench-nope/run'], {}, 20_000);
    expect(result.stderr).toMatch(
      /^bench: --out \/proc\/bench-nope\/run: cannot create the directory: .*\(ENOENT\); choose a writable directory/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.code).toBe(2);
  });

  it('a directory the user may not write (EACCES): one line, nothing run', async () => {
    const parent = join(dirs.make(), 'read-only');
    mkdirSync(parent);
    chmodSync(parent, 0o555);
    // root may write anywhere: run as nobody then.
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    const result = await bench([...SIM_RUN, '--out', join(parent, 'run')], { HOME: '/tmp' }, 60_000, as);
    expect(result.stderr).toMatch(
      /--out .*read-only\/run: cannot create the directory: permission denied \(EACCES\); choose a writable directory/,
    );
    noStackTrace(result.stderr);
    expect(result.code).toBe(2);
    expect(existsSync(join(parent, 'run'))).toBe(false);
  });

  it.runIf(canMountTmpfs)('a full disk (ENOSPC): the write probe fails up front, one line', async () => {
    const result = await onTmpfs(
      '64k',
      `dd if=/dev/zero of="$FS/fill" bs=4k 2>/dev/null; "$NODE" "$CLI" ${SIM_RUN.join(' ')} --out "$FS/run"; echo "exit=$?"`,
    );
    expect(result.stderr).toMatch(
      /--out .*\/run: cannot write there: no space left on the device \(ENOSPC\); choose a writable directory with free space/,
    );
    noStackTrace(result.stderr);
    expect(result.stdout).toMatch(/exit=2/);
  });
});

describe.runIf(canMountTmpfs)('the disk fills during the run', () => {
  it('stops with the journal kept and how to resume (exit 1); after freeing space, --resume finishes the run', async () => {
    const out = dirs.make();
    const script = [
      `"$NODE" "$CLI" ${SIM_RUN.join(' ')} --parallel 1 --out "$FS/run" > "$OUT/first.out" 2> "$OUT/first.err" &`,
      'pid=$!',
      // Once a few records are in, fill the disk under the running harness.
      `records() { grep -c '"kind":"record"' "$FS/run/journal.jsonl" 2>/dev/null || true; }`,
      'while [ "$(records)" = "" ] || [ "$(records)" -lt 2 ]; do sleep 0.05; done',
      'dd if=/dev/zero of="$FS/fill" bs=1k 2>/dev/null',
      'wait $pid; echo "first=$?"',
      'rm "$FS/fill"',
      `"$NODE" "$CLI" run --resume "$FS/run" > "$OUT/second.out" 2> "$OUT/second.err"; echo "second=$?"`,
      'cp "$FS/run/run.json" "$OUT/run.json"',
    ].join('\n');
    const result = await command(
      'unshare',
      ['-rm', 'sh', '-c', `set -u; mkdir -p "$FS"; mount -t tmpfs -o size=1m tmpfs "$FS"; ${script}`],
      { FS: join(out, 'fs'), OUT: out, CLI, NODE: process.execPath },
      180_000,
    );
    const firstErr = readFileSync(join(out, 'first.err'), 'utf8');
    expect(result.stdout, firstErr).toMatch(/first=1/);
    expect(firstErr).toMatch(
      /Stopped: cannot write .*journal\.jsonl: no space left on the device \(ENOSPC\)\. The journal keeps every record made before; .*continue with: bench run --resume .*\/run/,
    );
    noStackTrace(firstErr);
    expect(result.stdout, readFileSync(join(out, 'second.err'), 'utf8')).toMatch(/second=0/);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile;
    expect(run.records.map((r) => `${r.suite}/${r.metric}`)).toEqual(
      expect.arrayContaining(['throughput/decode_tps', 'tool-use/tool_use_score']),
    );
    expect(run.records.filter((r) => r.status === 'error')).toEqual([]);
  }, 200_000);
});
