import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentTask, VerifyContext } from '../../suites/agent/task.js';
import { AGENT_TASKS } from '../../suites/agent/tasks/index.js';
import { answerMentions, fileContains, fileEquals } from '../../suites/agent/verify.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The task's starting workspace on disk; `exec` runs node here (only our own fixture code). */
async function workspaceOf(task: AgentTask, finalText = ''): Promise<VerifyContext> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'agent-verify-'));
  dirs.push(dir);
  for (const [file, content] of Object.entries(task.files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return {
    dir,
    finalText,
    exec: async ([command, ...args]) => {
      if (command !== 'node') throw new Error(`unexpected command ${command}`);
      try {
        const { stdout, stderr } = await run(process.execPath, args, { cwd: dir });
        return { code: 0, output: stdout + stderr };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
      }
    },
  };
}

async function replaceIn(ctx: VerifyContext, file: string, from: string, to: string): Promise<void> {
  const full = path.join(ctx.dir, file);
  await writeFile(full, (await readFile(full, 'utf8')).replace(from, to));
}

const task = (id: string): AgentTask => {
  const found = AGENT_TASKS.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
};

describe('agent task verifiers: the starting workspace fails, the solved one passes', () => {
  it('create_file', async () => {
    const ctx = await workspaceOf(task('create_file'));
    expect((await task('create_file').verify(ctx)).passed).toBe(false);
    const quoted = /"([^"]+)"/.exec(task('create_file').prompt)?.[1] ?? '';
    await writeFile(path.join(ctx.dir, 'hello.txt'), `${quoted}\n`);
    expect((await task('create_file').verify(ctx)).passed).toBe(true);
  });

  it('edit_file', async () => {
    const ctx = await workspaceOf(task('edit_file'));
    expect((await task('edit_file').verify(ctx)).passed).toBe(false);
    await replaceIn(ctx, 'config.js', 'port = 3000', 'port = 8080');
    expect((await task('edit_file').verify(ctx)).passed).toBe(true);
  });

  it('run_command: the answer must carry what the command prints', async () => {
    const start = await workspaceOf(task('run_command'), 'The number is 42.');
    expect((await task('run_command').verify(start)).passed).toBe(false);
    const printed = (await start.exec(['node', 'compute.js'])).output.trim();
    const solved = await workspaceOf(task('run_command'), `Done. ${printed}`);
    expect((await task('run_command').verify(solved)).passed).toBe(true);
  });

  it('fix_bug: the provided test must pass, and must be the provided test', async () => {
    const ctx = await workspaceOf(task('fix_bug'));
    expect((await task('fix_bug').verify(ctx)).passed).toBe(false);
    await writeFile(path.join(ctx.dir, 'test.js'), "console.log('ok');\n");
    expect((await task('fix_bug').verify(ctx)).passed).toBe(false);
    await writeFile(path.join(ctx.dir, 'test.js'), task('fix_bug').files['test.js']);
    await replaceIn(ctx, 'sum.js', 'a - b', 'a + b');
    expect((await task('fix_bug').verify(ctx)).passed).toBe(true);
  });

  it('read_then_edit', async () => {
    const ctx = await workspaceOf(task('read_then_edit'));
    expect((await task('read_then_edit').verify(ctx)).passed).toBe(false);
    await replaceIn(ctx, 'src/greet.js', 'Hello', 'Goodbye');
    const printed = (await ctx.exec(['node', 'src/greet.js'])).output.trim();
    expect((await task('read_then_edit').verify({ ...ctx, finalText: `It prints: ${printed}` })).passed).toBe(true);
  });
});

describe('verifier building blocks', () => {
  it('fileEquals ignores trailing whitespace only', async () => {
    const ctx = await workspaceOf({ ...task('create_file'), files: { 'a.txt': 'x \n' } });
    expect((await fileEquals(ctx, 'a.txt', 'x')).passed).toBe(true);
    expect((await fileEquals(ctx, 'a.txt', ' x')).passed).toBe(false);
    expect((await fileEquals(ctx, 'missing.txt', 'x')).detail).toContain('does not exist');
  });

  it('fileContains checks present and absent strings', async () => {
    const ctx = await workspaceOf({ ...task('create_file'), files: { 'a.js': 'one two' } });
    expect((await fileContains(ctx, 'a.js', ['one'], ['three'])).passed).toBe(true);
    expect((await fileContains(ctx, 'a.js', ['one'], ['two'])).passed).toBe(false);
  });

  it('answerMentions', () => {
    const ctx: VerifyContext = { dir: '', finalText: 'Done. 123', exec: async () => ({ code: 0, output: '' }) };
    expect(answerMentions(ctx, '123').passed).toBe(true);
    expect(answerMentions(ctx, '124').passed).toBe(false);
  });
});
