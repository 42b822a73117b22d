// Where two consecutive Claude Code requests first differ, on synthetic pairs and on the real traces.
import { describe, expect, it } from 'vitest';
import { loadFixtureTrace } from '../../suites/session/fixtures.js';
import { describeChange, diffPrompts, segmentsOf } from '../../suites/session/prefix.js';
import { modelRequests } from '../../suites/session/trace.js';

const system = (hash: string) => [
  { type: 'text', text: `x-anthropic-billing-header: cc_version=2.1.332.${hash}; cc_entrypoint=sdk-cli;` },
  { type: 'text', text: 'You are a Claude agent.', cache_control: { type: 'ephemeral' } },
];
const tools = [{ name: 'Read', description: 'Reads a file', input_schema: { type: 'object' } }];
const first = {
  system: system('fa9'),
  tools,
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Create a.txt' }] },
    { role: 'system', content: [{ type: 'text', text: '# Environment' }] },
  ],
};
const second = {
  ...first,
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Create a.txt', cache_control: { type: 'ephemeral' } }] },
    { role: 'system', content: '# Environment' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Write', input: { file_path: 'a.txt' } }] },
  ],
};

describe('session prefix diff', () => {
  it('lays a request out as servers render it: system, tools, then message blocks', () => {
    expect(segmentsOf(first).map((segment) => segment.label)).toEqual([
      'system[0]',
      'system[1]',
      'tools[0] Read',
      'messages[0] user text',
      'messages[1] system text',
    ]);
  });

  it('sees a request that only grew as extending the previous one (cache_control and a string for one block do not count)', () => {
    const diff = diffPrompts(first, second);
    expect(diff.extends).toBe(true);
    expect(diff.changed).toBeNull();
    expect(describeChange(diff)).toBe('the prompt only grew');
    expect(diff.commonTokens).toBe(diff.previousTokens);
  });

  it('names the billing header when its hash changes, at the very start of the prompt', () => {
    const diff = diffPrompts(first, { ...second, system: system('c86') });
    expect(diff.extends).toBe(false);
    expect(diff.changed).toBe('system[0]');
    expect(diff.commonTokens).toBe(Math.floor('x-anthropic-billing-header: cc_version=2.1.332.'.length / 4));
    expect(describeChange(diff)).toContain('system[0] changed at token ~');
    expect(describeChange(diff)).toContain('fa9');
    expect(describeChange(diff)).toContain('c86');
  });

  it('names a changed tool list and a removed block', () => {
    const moreTools = { ...second, tools: [...tools, { name: 'Grep', description: 'x', input_schema: {} }] };
    // A tool loaded mid-session (ToolSearch) is rendered before the messages: the prefix breaks there.
    expect(diffPrompts(first, moreTools).changed).toBe('messages[0] user text → tools[1] Grep');
    const fewer = { ...second, tools: [] };
    expect(diffPrompts(first, fewer).changed).toBe('tools[0] Read → messages[0] user text');
    const shorter = { ...first, messages: first.messages.slice(0, 1) };
    expect(diffPrompts(first, shorter).changed).toBe('messages[1] system text (removed)');
  });

  it('finds that every request of the shipped 2.1.332 traces extends the one before', async () => {
    for (const variant of ['default', 'cache_settings'] as const) {
      const requests = modelRequests(await loadFixtureTrace(variant));
      expect(requests.length).toBeGreaterThanOrEqual(10);
      for (let index = 1; index < requests.length; index++)
        expect(diffPrompts(requests[index - 1].body, requests[index].body).extends).toBe(true);
    }
  });

  it('sees the billing header only in the default trace', async () => {
    const [withHeader, without] = await Promise.all([loadFixtureTrace('default'), loadFixtureTrace('cache_settings')]);
    expect(segmentsOf(withHeader.requests[0].body)[0].text).toMatch(
      /^x-anthropic-billing-header: cc_version=2\.1\.332\./,
    );
    expect(segmentsOf(without.requests[0].body)[0].text).not.toMatch(/x-anthropic-billing-header/);
  });
});
