import { describe, expect, it } from 'vitest';
import { escapeMarkdownBlock, escapeMarkdownCell, truncate } from '../../src/report/escape.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { record, runOf } from '../helpers/run-fixtures.js';

const mixedRecords = [
  record({ model: 'good:7b', suite: 'throughput', metric: 'decode_tps', value: 40, unit: 'tok/s', status: 'pass' }),
  record({ model: 'good:7b', suite: 'tool-use', metric: 'tool_use.single', value: 1, unit: 'ratio', status: 'pass' }),
  record({
    model: 'bad:3b',
    suite: 'throughput',
    metric: 'decode_tps',
    value: 3,
    unit: 'tok/s',
    status: 'warn',
    detail: 'slow',
    advice: 'Use a smaller quantization.',
  }),
  record({ model: 'bad:3b', suite: 'throughput', metric: 'prefill_tps', value: 100, unit: 'tok/s', status: 'pass' }),
  record({
    model: 'bad:3b',
    suite: 'tool-use',
    metric: 'tool_use.single',
    value: 0.2,
    unit: 'ratio',
    status: 'fail',
    detail: 'tool_call_as_text',
    advice: 'Pick a model with a tool-calling template.',
  }),
  record({
    model: 'bad:3b',
    suite: 'tool-use',
    metric: 'tool_use.parallel',
    value: null,
    status: 'error',
    detail: 'HTTP 500',
  }),
];

/** The compatibility matrix row of a model, as cells. */
function matrixRow(markdown: string, model: string): string[] {
  const matrix = markdown.slice(markdown.indexOf('## Compatibility'));
  const line = matrix.split('\n').find((l) => l.startsWith(`| ${model} |`));
  expect(line, `matrix row for ${model}`).toBeDefined();
  return line!.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, ''));
}

describe('toMarkdown', () => {
  it('opens with the SIMULATED banner iff the run is simulated', () => {
    const simulated = toMarkdown(runOf(mixedRecords, true));
    expect(simulated.split('\n')[0]).toMatch(/^> \*\*SIMULATED\*\*.*simulator/);
    const real = toMarkdown(runOf(mixedRecords, false));
    expect(real).not.toContain('SIMULATED');
    expect(real.split('\n')[0]).toBe('# claude-code-bench report');
  });

  it('names the run, the host and the Ollama version', () => {
    const markdown = toMarkdown(runOf(mixedRecords));
    expect(markdown).toContain('run-1');
    expect(markdown).toContain('RTX Test (24.0 GiB VRAM)');
    expect(markdown).toContain('0.12.0');
  });

  it('shows the worst status per suite in the compatibility matrix', () => {
    const markdown = toMarkdown(runOf(mixedRecords));
    expect(markdown).toContain('| Model | throughput | tool-use |');
    expect(matrixRow(markdown, 'good:7b')).toEqual(['good:7b', '✅ pass', '✅ pass']);
    expect(matrixRow(markdown, 'bad:3b')).toEqual(['bad:3b', '⚠️ warn', '💥 error']);
  });

  it('formats values for humans', () => {
    const markdown = toMarkdown(
      runOf([
        record({
          model: 'm',
          suite: 'memory',
          metric: 'vram_bytes',
          value: 6 * 1024 ** 3,
          unit: 'bytes',
          status: 'pass',
        }),
        record({ model: 'm', suite: 'tool-use', metric: 'tool_use.all', value: 0.75, unit: 'ratio', status: 'pass' }),
        record({
          model: 'm',
          suite: 'context',
          metric: 'effective_context_tokens',
          value: 32768,
          unit: 'tokens',
          status: 'pass',
        }),
      ]),
    );
    expect(markdown).toContain('vram\\_bytes 6.0 GiB');
    expect(markdown).toContain('tool\\_use.all 75%');
    expect(markdown).toContain('effective\\_context\\_tokens 32,768 tokens');
    // At a glance, in short form.
    const glance = markdown.split('\n').find((line) => line.startsWith('| m | ✅ pass |'));
    expect(glance).toContain('| 32K |');
    expect(glance).toContain('| 6.0 GiB |');
  });

  it('lists warn/fail/error records with their advice under "What to do", worst first', () => {
    const markdown = toMarkdown(runOf(mixedRecords));
    const todo = markdown.slice(markdown.indexOf('## What to do'), markdown.indexOf('## Per model'));
    expect(todo).toContain('Pick a model with a tool-calling template.');
    expect(todo).toContain('Use a smaller quantization.');
    expect(todo.indexOf('tool\\_use.parallel')).toBeLessThan(todo.indexOf('tool\\_use.single'));
    expect(todo.indexOf('tool\\_use.single')).toBeLessThan(todo.indexOf('decode\\_tps'));
    expect(todo).not.toContain('prefill');
  });

  it('names the model in advice it shares, and leaves words that contain MODEL alone', () => {
    const advice = (model: string) =>
      record({
        model,
        suite: 'memory',
        metric: 'fits_vram',
        value: 0,
        status: 'fail',
        detail: `${model} spills`,
        advice: `unload others (OLLAMA_MAX_LOADED_MODELS=1), then ollama run ${model}`,
      });
    const todoOf = (markdown: string) =>
      markdown.slice(markdown.indexOf('## What to do'), markdown.indexOf('## Per model'));
    const one = todoOf(toMarkdown(runOf([advice('qwen')])));
    expect(one).toContain('OLLAMA\\_MAX\\_LOADED\\_MODELS=1), then ollama run qwen');
    const two = todoOf(toMarkdown(runOf([advice('qwen'), advice('mistral')])));
    expect(two).toContain('OLLAMA\\_MAX\\_LOADED\\_MODELS=1), then ollama run MODEL');
  });

  it('lists failed tool-use probes with their replies escaped and truncated', () => {
    const longReply = `{"name": "Read"} ${'x'.repeat(2000)}`;
    const markdown = toMarkdown(
      runOf([
        record({
          model: 'm',
          suite: 'tool-use',
          metric: 'tool_use.single',
          value: 0,
          unit: 'ratio',
          status: 'fail',
          data: {
            failedProbes: [
              {
                id: 'read-file',
                category: 'single',
                failure: 'tool_call_as_text',
                reply: 'I will call ```Read``` now\n<script>alert(1)</script>',
              },
              { id: 'long-one', category: 'single', failure: 'no_tool_call', reply: longReply },
            ],
          },
        }),
      ]),
    );
    const section = markdown.slice(markdown.indexOf('Failed probes (2)'));
    expect(section).toContain('`read-file` tool\\_call\\_as\\_text');
    expect(section).toContain('`long-one` no\\_tool\\_call');
    expect(section).toContain('raw replies in run.json');
    // Raw replies stay in run.json: no model text in report.md.
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('xxxxxxxx');
  });

  it('escapes model text in headings and table cells', () => {
    const markdown = toMarkdown(
      runOf([
        record({
          model: 'evil|<b>`x`</b>',
          suite: 'throughput',
          metric: 'decode_tps',
          status: 'fail',
          detail: 'a | b\n<img src=x onerror=alert(1)> & `code`',
        }),
      ]),
    );
    expect(markdown).not.toContain('<b>');
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain('<summary><strong>evil\\|&lt;b&gt;\\`x\\`&lt;/b&gt;</strong>');
    expect(markdown).toContain('a \\| b ⏎ &lt;img src=x onerror=alert(1)&gt; &amp; \\`code\\`');
  });

  it('links the charts it is given', () => {
    const markdown = toMarkdown(runOf(mixedRecords), {
      charts: [{ title: 'Tokens per second', file: 'chart-throughput.svg' }],
    });
    expect(markdown).toContain('![Tokens per second](chart-throughput.svg)');
  });

  it('says so when the run was interrupted', () => {
    const run = runOf(mixedRecords);
    run.environment.interrupted = true;
    expect(toMarkdown(run)).toContain('**Interrupted:**');
  });
});

describe('escape helpers', () => {
  it('truncate keeps short text and marks cut text', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(truncate('😀😀😀', 2)).toBe('😀…');
  });

  it('escapeMarkdownCell keeps a cell on one line and within its length', () => {
    const cell = escapeMarkdownCell(`a\r\nb\nc${'d'.repeat(500)}`, 50);
    expect(cell).not.toMatch(/[\r\n]/);
    expect(cell.length).toBeLessThan(60);
  });

  it('escapeMarkdownBlock uses at least a triple fence', () => {
    expect(escapeMarkdownBlock('plain')).toBe('```\nplain\n```');
  });
});
