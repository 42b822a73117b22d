// Small verifier building blocks the tasks combine. Workspace files are read on the host without
// following links (workspace-read.ts): a symbolic link where a file was expected fails the task as
// `symlink_in_workspace`, and nothing of what it points at is read or recorded.
import type { VerifyContext, VerifyResult } from './task.js';
import { MAX_READ_BYTES, readWorkspaceFile } from './workspace-read.js';

const pass = (detail: string): VerifyResult => ({ passed: true, detail });
const fail = (detail: string): VerifyResult => ({ passed: false, detail });

/** The file's text, or the failure that says why it could not be read as a file of the workspace. */
async function workspaceText(ctx: VerifyContext, relative: string): Promise<string | VerifyResult> {
  const read = await readWorkspaceFile(ctx.dir, relative);
  switch (read.kind) {
    case 'file':
      return read.content;
    case 'missing':
      return fail(`${relative} does not exist`);
    case 'symlink':
      return {
        passed: false,
        failure: 'symlink_in_workspace',
        detail: `${read.at} is a symbolic link, not a file of the workspace: not followed, not read`,
      };
    case 'not_a_file':
      return fail(`${read.at} is not a regular file`);
    case 'too_large':
      return fail(`${relative} has ${read.bytes} bytes, more than the ${MAX_READ_BYTES} the checker reads`);
  }
}

/** The file exists and, trailing whitespace aside, holds exactly `expected`. */
export async function fileEquals(ctx: VerifyContext, relative: string, expected: string): Promise<VerifyResult> {
  const content = await workspaceText(ctx, relative);
  if (typeof content !== 'string') return content;
  if (content.trimEnd() !== expected.trimEnd())
    return fail(`${relative} holds ${JSON.stringify(content.slice(0, 120))}, expected ${JSON.stringify(expected)}`);
  return pass(`${relative} holds the expected text`);
}

/** The file contains every `present` string and none of the `absent` ones. */
export async function fileContains(
  ctx: VerifyContext,
  relative: string,
  present: string[],
  absent: string[] = [],
): Promise<VerifyResult> {
  const content = await workspaceText(ctx, relative);
  if (typeof content !== 'string') return content;
  const missing = present.filter((text) => !content.includes(text));
  const left = absent.filter((text) => content.includes(text));
  if (missing.length > 0) return fail(`${relative} lacks ${missing.map((text) => JSON.stringify(text)).join(', ')}`);
  if (left.length > 0) return fail(`${relative} still has ${left.map((text) => JSON.stringify(text)).join(', ')}`);
  return pass(`${relative} was changed as asked`);
}

/** The command succeeds in the workspace and its output includes `expectedOutput` (when given). */
export async function commandSucceeds(
  ctx: VerifyContext,
  command: string[],
  expectedOutput?: string,
): Promise<VerifyResult> {
  const result = await ctx.exec(command);
  const shown = command.join(' ');
  if (result.code !== 0) return fail(`\`${shown}\` exited ${result.code}: ${result.output.trim().slice(0, 200)}`);
  if (expectedOutput !== undefined && !result.output.includes(expectedOutput))
    return fail(
      `\`${shown}\` printed ${JSON.stringify(result.output.trim().slice(0, 120))}, not ${JSON.stringify(expectedOutput)}`,
    );
  return pass(`\`${shown}\` passes`);
}

/** Claude Code's final answer mentions `expected` (the task needed a command's output). */
export function answerMentions(ctx: VerifyContext, expected: string): VerifyResult {
  if (ctx.finalText.includes(expected)) return pass(`the answer reports ${expected}`);
  return fail(`the answer ${JSON.stringify(ctx.finalText.slice(0, 160))} does not report ${expected}`);
}

/** All must pass; the first failure is the result. */
export async function allOf(...checks: (() => Promise<VerifyResult> | VerifyResult)[]): Promise<VerifyResult> {
  const details: string[] = [];
  for (const check of checks) {
    const result = await check();
    if (!result.passed) return result;
    details.push(result.detail);
  }
  return pass(details.join('; '));
}
