import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { CONTAINER_LABEL, containerName, dockerRunArgs, type ClaudeRunOptions } from '../../src/agent/container.js';
import { claudeArgs, sessionEnv } from '../../src/agent/session.js';

const options: ClaudeRunOptions = {
  image: 'claude-code-bench/claude-code:2.1.332',
  workspace: '/tmp/ws-1',
  env: sessionEnv('http://127.0.0.1:4000', { CLAUDE_CODE_SUBAGENT_MODEL: 'm', ANTHROPIC_BASE_URL: 'http://elsewhere' }),
  args: claudeArgs('m', 'Create a file a.txt containing "x".', 5),
  networkMode: 'container:claude-code-bench-relay-1',
  timeoutMs: 1000,
};

describe('containerName', () => {
  it('names the harness process, so the leftover sweep can spare the containers of a run still going', () => {
    const name = containerName();
    expect(name.startsWith(`${CONTAINER_LABEL}-${os.hostname()}-${process.pid}-`)).toBe(true);
    expect(name).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/); // what docker accepts as a name
    expect(containerName()).not.toBe(name);
  });
});

describe('dockerRunArgs', () => {
  const args = dockerRunArgs('claude-code-bench-test', options);
  const valuesOf = (flag: string) => args.flatMap((word, index) => (word === flag ? [args[index + 1]] : []));

  it('runs as uid 1000 with limits, the label, and the workspace as the only mount', () => {
    expect(valuesOf('--user')).toEqual(['1000:1000']);
    expect(valuesOf('--label')).toEqual(
      expect.arrayContaining([
        `${CONTAINER_LABEL}=1`,
        'claude-code-bench.role=agent',
        `claude-code-bench.pid=${process.pid}`,
      ]),
    );
    expect(valuesOf('--volume')).toEqual(['/tmp/ws-1:/workspace']);
    expect(args.join(' ')).not.toContain('docker.sock');
    for (const flag of ['--memory', '--pids-limit', '--cpus']) expect(valuesOf(flag)).toHaveLength(1);
  });

  it('passes only the named environment, by name (values stay out of the process list)', () => {
    expect(valuesOf('--env').sort()).toEqual(Object.keys(options.env).sort());
    expect(args.join(' ')).not.toContain('http://127.0.0.1:4000');
  });

  it('the proxy URL and the fixed names win over launch settings', () => {
    expect(options.env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:4000');
    expect(options.env).toMatchObject({
      ANTHROPIC_AUTH_TOKEN: 'ollama',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_SUBAGENT_MODEL: 'm',
    });
  });

  it('claude, under the deadline, gets -p, stream-json, skip-permissions and the turn budget after the image', () => {
    const afterImage = args.slice(args.indexOf(options.image) + 1);
    expect(afterImage.slice(0, 4)).toEqual(['-k', '5', '16', 'claude']);
    expect(afterImage.slice(4)).toEqual(options.args);
    expect(afterImage).toEqual(
      expect.arrayContaining([
        '-p',
        '--output-format',
        'stream-json',
        '--verbose',
        '--dangerously-skip-permissions',
        '--max-turns',
      ]),
    );
  });

  it("the relay's network namespace, or none", () => {
    expect(valuesOf('--network')).toEqual(['container:claude-code-bench-relay-1']);
    expect(dockerRunArgs('x', { ...options, networkMode: 'none' }).join(' ')).toContain('--network none');
  });
});
