import { describe, expect, it } from 'vitest';
import {
  LONG_PROMPT_TARGET_CHARS,
  longSystemPrompt,
  WORKING_DIRECTORY,
} from '../../suites/shared/claude-code-prompt.js';
import { CORE_PROBE_IDS, CORE_PROBES, PROBES } from '../../suites/tool-use/probes.js';
import { ALL_TOOLS } from '../../suites/shared/claude-code-tools.js';
import { CATEGORIES } from '../../suites/tool-use/types.js';

describe('probes', () => {
  it('have unique ids and several probes per category', () => {
    expect(new Set(PROBES.map((probe) => probe.id)).size).toBe(PROBES.length);
    for (const category of CATEGORIES)
      expect(PROBES.filter((probe) => probe.category === category).length).toBeGreaterThanOrEqual(3);
  });

  it('only expect calls to tools they offer', () => {
    for (const probe of PROBES) {
      const offered = probe.tools.map((tool) => tool.name);
      for (const expectation of probe.expect) {
        if ('calls' in expectation)
          for (const call of expectation.calls) expect(offered, probe.id).toContain(call.name);
      }
    }
  });

  it('only expect arguments their tool declares', () => {
    for (const probe of PROBES) {
      for (const expectation of probe.expect) {
        if (!('calls' in expectation)) continue;
        for (const call of expectation.calls) {
          const tool = probe.tools.find((candidate) => candidate.name === call.name)!;
          const properties = Object.keys((tool.input_schema as { properties: object }).properties);
          for (const arg of Object.keys(call.args))
            expect(properties, `${probe.id} ${call.name}.${arg}`).toContain(arg);
        }
      }
    }
  });

  it('offer a dozen or more tools where the model must choose', () => {
    for (const probe of PROBES.filter(
      (candidate) => candidate.category === 'choose' || candidate.category === 'long_prompt',
    )) {
      expect(probe.tools.length).toBeGreaterThanOrEqual(12);
    }
  });

  it('stream the streaming and long-prompt probes, and include an is_error tool result', () => {
    for (const probe of PROBES.filter(
      (candidate) => candidate.category === 'streaming' || candidate.category === 'long_prompt',
    ))
      expect(probe.stream).toBe(true);
    expect(JSON.stringify(PROBES.filter((probe) => probe.category === 'multi_turn'))).toContain('"is_error":true');
  });
});

describe('long prompt', () => {
  const system = longSystemPrompt(ALL_TOOLS);

  it("is the size of Claude Code's first request, with the tool list", () => {
    const total = system.length + JSON.stringify(ALL_TOOLS).length;
    expect(total).toBeGreaterThanOrEqual(LONG_PROMPT_TARGET_CHARS);
    expect(total).toBeLessThan(LONG_PROMPT_TARGET_CHARS + 500);
  });

  it('is deterministic and names the working directory', () => {
    expect(longSystemPrompt(ALL_TOOLS)).toBe(system);
    expect(system).toContain(`Working directory: ${WORKING_DIRECTORY}`);
  });

  it('is the same for every long-prompt probe, so the server can reuse its cached prefix', () => {
    const systems = new Set(PROBES.filter((probe) => probe.category === 'long_prompt').map((probe) => probe.system));
    expect(systems.size).toBe(1);
  });
});

describe('core probes (--quick)', () => {
  it('name existing probes, at least one of every category, about a third of the list', () => {
    expect(CORE_PROBES.length).toBe(CORE_PROBE_IDS.size);
    for (const category of CATEGORIES)
      expect(
        CORE_PROBES.some((probe) => probe.category === category),
        category,
      ).toBe(true);
    expect(CORE_PROBES.length).toBeLessThanOrEqual(PROBES.length / 2);
  });
});
