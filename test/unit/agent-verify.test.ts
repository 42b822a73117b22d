import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentTask, VerifyContext } from '../../suites/agent/task.js';
import { AGENT_TASKS } from '../../suites/agent/tasks/index.js';
import { scoreTask } from '../../suites/agent/score.js';
import { FAILURE_ADVICE } from '../../suites/agent/metrics.js';
import { answerMentions, fileContains, fileEquals } from '../../suites/agent/verify.js';
import { emptyTranscript } from '../../src/agent/stream-json.js';

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

describe('symbolic links in the workspace (model-written code ran `ln -s`)', () => {
  const SECRET = 'host-secret-4f1c9e: the first line of a file outside the workspace';

  /** A secret file outside the workspace, as /etc/shadow or ~/.ssh/id_ed25519 would be. */
  async function secretOutside(): Promise<string> {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'agent-verify-outside-'));
    dirs.push(outside);
    const file = path.join(outside, 'secret.txt');
    await writeFile(file, `${SECRET}\n`);
    return file;
  }

  const verdictText = (result: unknown) => JSON.stringify(result);

  it('a link where the file was expected fails as symlink_in_workspace, and nothing of its target is read', async () => {
    const secret = await secretOutside();
    const createFile = task('create_file');
    const ctx = await workspaceOf(createFile);
    await symlink(secret, path.join(ctx.dir, 'hello.txt'));
    const verify = await createFile.verify(ctx);
    expect(verify).toMatchObject({ passed: false, failure: 'symlink_in_workspace' });
    expect(verify.detail).toContain('hello.txt is a symbolic link');
    // What a record is made from: the score's detail and the advice for its failure.
    const score = scoreTask({
      verify,
      stoppedBy: null,
      transcript: { ...emptyTranscript(), toolCalls: [{ id: 't1', name: 'Bash', input: { command: 'ln -s' } }] },
      findings: [],
      budgets: createFile.budgets,
      subagents: 0,
    });
    expect(score).toMatchObject({ passed: false, failure: 'symlink_in_workspace' });
    for (const text of [verdictText(verify), verdictText(score), FAILURE_ADVICE.symlink_in_workspace]) {
      expect(text).not.toContain('host-secret');
      expect(text).not.toContain(secret); // not even where the link points
    }
  });

  it('fileContains, a link to a file inside the workspace, and a linked folder on the way fail the same way', async () => {
    const secret = await secretOutside();
    const ctx = await workspaceOf({ ...task('read_then_edit') });
    await rm(path.join(ctx.dir, 'src'), { recursive: true });
    await symlink(path.dirname(secret), path.join(ctx.dir, 'src')); // src/ → a folder outside
    await writeFile(path.join(path.dirname(secret), 'greet.js'), `// ${SECRET}\n`);
    const viaFolder = await fileContains(ctx, 'src/greet.js', ['Goodbye'], ['Hello']);
    expect(viaFolder).toMatchObject({ passed: false, failure: 'symlink_in_workspace' });
    expect(viaFolder.detail).toMatch(/^src is a symbolic link/);
    expect(verdictText(viaFolder)).not.toContain('host-secret');

    await writeFile(path.join(ctx.dir, 'real.txt'), 'inside');
    await symlink('real.txt', path.join(ctx.dir, 'alias.txt'));
    expect(await fileEquals(ctx, 'alias.txt', 'inside')).toMatchObject({
      passed: false,
      failure: 'symlink_in_workspace',
    });
    expect(await fileEquals(ctx, 'real.txt', 'inside')).toMatchObject({ passed: true });
  });

  it('a folder where a file was expected is not a file; an oversized file is not read', async () => {
    const ctx = await workspaceOf({
      ...task('create_file'),
      files: { 'dir/inner.txt': 'x', 'big.txt': 'y'.repeat(1024 * 1024 + 1) },
    });
    expect((await fileEquals(ctx, 'dir', 'x')).detail).toBe('dir is not a regular file');
    expect((await fileEquals(ctx, 'big.txt', 'y')).detail).toMatch(/more than the \d+ the checker reads/);
  });
});
