// The agent container's `docker run` arguments, read as a security review would: no Docker socket,
// no host home, only the named environment (by name), a non-root user, resource limits, the
// temporary workspace as the only mount, no network but the relay's (never the host's), and a
// deadline inside the container.
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  containerName,
  DEADLINE_GRACE_SECONDS,
  DEADLINE_KILL_AFTER_SECONDS,
  dockerRunArgs,
  type ClaudeRunOptions,
} from '../../src/agent/container.js';
import { claudeArgs, sessionEnv } from '../../src/agent/session.js';

const workspace = join(tmpdir(), 'claude-code-bench-ws-test');
const base: ClaudeRunOptions = {
  image: 'claude-code-bench/claude-code:2.1.332',
  workspace,
  env: sessionEnv('http://127.0.0.1:4000', { CLAUDE_CODE_SUBAGENT_MODEL: 'sim-good' }),
  args: claudeArgs('sim-good', 'Create a.txt', 5),
  networkMode: `container:${containerName()}`,
  timeoutMs: 1000,
};

/** The options before the image name: what docker itself is told (the rest is Claude Code's argv). */
const dockerOptions = (options: ClaudeRunOptions) => {
  const args = dockerRunArgs('claude-code-bench-test', options);
  return args.slice(0, args.indexOf(options.image));
};
const valuesOf = (args: string[], flag: string) =>
  args.flatMap((word, index) => (word === flag ? [args[index + 1]] : []));

describe.each<[string, Partial<ClaudeRunOptions>]>([
  ["Claude Code session (in the relay's network namespace)", {}],
  [
    'verifier (no network)',
    { networkMode: 'none', env: {}, entrypoint: 'node', limits: { memory: '512m', pids: 128, cpus: 1 } },
  ],
])('docker run for a %s', (_name, overrides) => {
  const options = { ...base, ...overrides };
  const args = dockerOptions(options);
  const text = args.join(' ');

  it('mounts the temporary workspace and nothing else', () => {
    expect(valuesOf(args, '--volume')).toEqual([`${workspace}:/workspace`]);
    for (const flag of ['-v', '--mount', '--volumes-from', '--tmpfs']) expect(args).not.toContain(flag);
    expect(text).not.toMatch(/docker\.sock/);
    expect(text).not.toContain(`${homedir()}:`);
  });

  it('runs as a non-root user, with memory, pids and CPU limits and no privilege escalation', () => {
    const [user] = valuesOf(args, '--user');
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(valuesOf(args, '--memory')).toHaveLength(1);
    expect(Number(valuesOf(args, '--pids-limit')[0])).toBeGreaterThan(0);
    expect(Number(valuesOf(args, '--cpus')[0])).toBeGreaterThan(0);
    expect(valuesOf(args, '--security-opt')).toContain('no-new-privileges');
    expect(valuesOf(args, '--cap-drop')).toEqual(['ALL']);
    const hasFlag = (flag: string) => args.some((word) => word === flag || word.startsWith(`${flag}=`));
    for (const flag of ['--privileged', '--cap-add', '--pid', '--ipc', '--userns', '--device'])
      expect(hasFlag(flag), flag).toBe(false);
  });

  it('passes only the named environment, by name, so no value is on the command line', () => {
    expect(valuesOf(args, '--env').sort()).toEqual(Object.keys(options.env).sort());
    for (const flag of ['-e', '--env-file']) expect(args).not.toContain(flag);
    // (Short values such as "1" would match a limit's number; the URL and token are what matter.)
    for (const value of Object.values(options.env).filter((v) => v.length > 3)) expect(text).not.toContain(value);
    expect(valuesOf(args, '--env').every((name) => !name.includes('='))).toBe(true);
  });

  it('is removed afterwards and labelled for the leftover sweep with its run and harness process', () => {
    expect(args).toContain('--rm');
    const labels = valuesOf(args, '--label');
    expect(labels).toContain('claude-code-bench=1');
    expect(labels).toContain(`claude-code-bench.pid=${process.pid}`);
    expect(labels.some((label) => label.startsWith('claude-code-bench.run='))).toBe(true);
  });

  it("never shares the host's network, ports or namespaces, and adds no host entry", () => {
    const [network] = valuesOf(args, '--network');
    expect(network === 'none' || /^container:claude-code-bench-[\w.-]+-\d+-[0-9a-f]+$/.test(network)).toBe(true);
    for (const flag of ['--add-host', '--publish', '-p', '--dns', '--uts']) expect(args).not.toContain(flag);
    expect(text).not.toContain('host-gateway');
  });

  it("ends by itself: init, then `timeout` a little after the harness's own timer", () => {
    expect(args).toContain('--init');
    expect(valuesOf(args, '--entrypoint')).toEqual(['timeout']);
    const full = dockerRunArgs('claude-code-bench-test', options);
    const command = full.slice(full.indexOf(options.image) + 1);
    expect(command.slice(0, 2)).toEqual(['-k', String(DEADLINE_KILL_AFTER_SECONDS)]);
    expect(Number(command[2])).toBe(Math.ceil(options.timeoutMs / 1000) + DEADLINE_GRACE_SECONDS);
    expect(command[3]).toBe(options.entrypoint ?? 'claude');
  });
});

describe('the session environment', () => {
  it("never carries the user's Anthropic credentials: the token is Ollama's fixed one", () => {
    const env = sessionEnv('http://127.0.0.1:4000', {
      ANTHROPIC_AUTH_TOKEN: 'planted-token',
      ANTHROPIC_BASE_URL: 'https://api.anthropic.com',
    });
    expect(env.ANTHROPIC_AUTH_TOKEN).toBe('ollama');
    expect(env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:4000');
    expect(Object.keys(env)).not.toContain('ANTHROPIC_API_KEY');
  });
});
