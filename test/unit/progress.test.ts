import { afterEach, describe, expect, it } from 'vitest';
import { createProgress, partialOf } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = {
    isTTY,
    columns: 200,
    text: '',
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

const savedCi = process.env.CI;
afterEach(() => {
  if (savedCi === undefined) delete process.env.CI;
  else process.env.CI = savedCi;
});

describe('progress', () => {
  it('in a terminal draws one bar per model, counting only the suites this run runs', () => {
    delete process.env.CI;
    const stream = fakeStream(true);
    const progress = createProgress(
      new Map([
        ['fresh', 2],
        ['resumed', 1],
      ]),
      stream,
    );
    progress.sink({ model: 'fresh', suite: 'throughput', message: 'throughput: done' });
    progress.sink({ model: 'resumed', suite: 'memory', message: 'memory: done' });
    progress.finish();
    const lines = stream.text.split('\n');
    expect(lines.find((line) => line.includes('fresh'))).toMatch(/1\/2 throughput: done/);
    expect(lines.find((line) => line.includes('resumed'))).toMatch(/1\/1 finished in/);
  });

  it("the bar counts the running suite's own (k/n) progress, so it never sits at 0 while the label says 34/34", () => {
    delete process.env.CI;
    const stream = fakeStream(true);
    const progress = createProgress(new Map([['m', 2]]), stream);
    progress.sink({ model: 'm', suite: 'tool-use', message: 'tool-use: started' });
    progress.sink({ model: 'm', suite: 'tool-use', message: 'tool-use: simple-read (34/34)' });
    progress.finish();
    const line = stream.text.split('\n').findLast((l) => l.includes('34/34'))!;
    // One suite of two fully done by its probes: half the bar.
    expect(line).toContain(`${'█'.repeat(10)}${'░'.repeat(10)}`);
    expect(partialOf('context: 32768 tokens, depth 50%')).toBe(0);
    expect(partialOf('tool-use: x (3/4)')).toBe(0.75);
  });

  it('in CI writes plain lines for suite starts and ends only', () => {
    process.env.CI = 'true';
    const stream = fakeStream(true);
    const progress = createProgress(new Map([['m', 1]]), stream);
    progress.sink({ model: 'm', suite: 'context', message: 'context: started' });
    progress.sink({ model: 'm', suite: 'context', message: 'context: probing 32768 tokens' });
    progress.sink({ model: 'm', suite: 'context', message: 'context: done' });
    progress.finish();
    expect(
      stream.text
        .trim()
        .split('\n')
        .map((line) => line.replace(/^\[\d+s\] /, '')),
    ).toEqual(['m · context: started', 'm · context: done']);
  });
});
