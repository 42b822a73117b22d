// The house rules, checked on the source itself:
// 1. no suite id or metric name as a string outside its suite: reporters, charts, the answer,
//    launch settings, recommend and compare read the suites' declarations instead;
// 2. no import runs upward through the layers README's "Layout" lists, and the simulator imports
//    nothing of the harness.
import { describe, expect, it } from 'vitest';
import { ALL_SUITES } from '../../suites/index.js';
import { importsOf, readSource, sourceFiles, stringLiterals } from '../helpers/source.js';

/** The non-suite source: everything a suite's name must not be written into. */
const HARNESS_FILES = [...sourceFiles('src'), ...sourceFiles('bench')];

/**
 * Literals that look like a suite id but mean something else. Each is a different vocabulary that
 * happens to share the word, not a reference to the suite.
 */
const ALLOWED: ReadonlyArray<{ file: string; literal: string; why: string }> = [
  {
    file: 'src/recommend/doctor.ts',
    literal: 'context',
    why: "`bench doctor`'s check of the served context (its --json item)",
  },
  { file: 'src/agent/container.ts', literal: 'agent', why: "the container label of the agent's own containers" },
  { file: 'bench/harness.ts', literal: 'throughput', why: "tinybench's result field (`result.throughput.mean`)" },
  {
    file: 'bench/record-session.ts',
    literal: 'session',
    why: 'a folder name: the recorder writes into test/fixtures/session',
  },
];

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern that finds a declared metric in text: the name as a whole word; a family with a member after it. */
function metricPattern(name: string): RegExp {
  const family = name.endsWith('.') || name.endsWith('@');
  return new RegExp(`(?<![\\w.@-])${escapeRegExp(name)}${family ? '[\\w.]' : '(?![\\w@])'}`);
}

interface Hit {
  file: string;
  literal: string;
  name: string;
}

function hitsIn(file: string): Hit[] {
  const hits: Hit[] = [];
  const suiteIds = ALL_SUITES.map((suite) => suite.id);
  const metrics = ALL_SUITES.flatMap((suite) => (suite.metrics ?? []).map((declaration) => declaration.name));
  for (const literal of stringLiterals(readSource(file))) {
    for (const id of suiteIds) {
      const named =
        literal === id ||
        [...literal.matchAll(/--suites[ =]([\w,-]+)/g)].some((match) => match[1].split(',').includes(id));
      if (named && !ALLOWED.some((allowed) => allowed.file === file && allowed.literal === literal))
        hits.push({ file, literal, name: id });
    }
    for (const name of metrics) if (metricPattern(name).test(literal)) hits.push({ file, literal, name });
  }
  return hits;
}

describe('no suite or metric name outside its suite', () => {
  it('finds the names it looks for (the scanner reads strings, templates and skips comments and regexes)', () => {
    const scanned = stringLiterals(
      [
        "const a = 'tool-use'; // 'memory' in a comment",
        '/* "agent" */ const re = /["\']context/g;',
        'const t = `rate ${x ? "decode_tps" : `${y}`} done --suites throughput,context`;',
        'const d = a / b / c;',
      ].join('\n'),
    );
    expect(scanned).toEqual(['tool-use', 'rate ', 'decode_tps', '', '', ' done --suites throughput,context']);
    expect(metricPattern('decode_tps').test('at 5 decode_tps now')).toBe(true);
    expect(metricPattern('decode_tps').test('decode_tps_max')).toBe(false);
    expect(metricPattern('tool_use.').test('tool_use')).toBe(false);
    expect(metricPattern('tool_use.').test('tool_use.single_call')).toBe(true);
  });

  it('every declared metric name and suite id stays in suites/', () => {
    const hits = HARNESS_FILES.flatMap(hitsIn);
    expect(
      hits.map((hit) => `${hit.file}: ${hit.name} in ${JSON.stringify(hit.literal.slice(0, 120))}`),
      'read the suites’ declarations (src/report/metrics.ts, src/run/metric.ts) instead of naming them',
    ).toEqual([]);
  });

  it('the allow-list holds only literals that are still there', () => {
    for (const allowed of ALLOWED)
      expect(stringLiterals(readSource(allowed.file)), `${allowed.file}: ${allowed.why}`).toContain(allowed.literal);
  });
});

/**
 * README's layout, lowest first: a module may import its own layer or a lower one. Entries are
 * path prefixes; the longest prefix decides a file's layer.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['src/shared/'],
  ['src/sim/'],
  ['src/types.ts', 'src/version.ts', 'src/targets/', 'src/servers/', 'src/hardware/'],
  ['src/run/'],
  ['src/launch/'],
  ['src/agent/'],
  ['suites/'],
  ['src/report/', 'src/compare/', 'src/recommend/'],
  ['src/cli/', 'src/index.ts', 'bench/'],
];

function layerOf(file: string): number {
  let best = { layer: -1, length: -1 };
  LAYERS.forEach((prefixes, layer) => {
    for (const prefix of prefixes)
      if ((file === prefix || file.startsWith(prefix)) && prefix.length > best.length)
        best = { layer, length: prefix.length };
  });
  return best.layer;
}

const ALL_FILES = [...sourceFiles('src'), ...sourceFiles('suites'), ...sourceFiles('bench')];

describe('imports run downward only', () => {
  it('every source file has a layer', () => {
    expect(ALL_FILES.filter((file) => layerOf(file) < 0)).toEqual([]);
  });

  it('no import points to a higher layer', () => {
    const upward = ALL_FILES.flatMap((file) =>
      importsOf(file)
        .filter((target) => layerOf(target) > layerOf(file))
        .map((target) => `${file} → ${target}`),
    );
    expect(upward, 'move the shared piece down (src/shared) or the importer up').toEqual([]);
  });

  it('the simulator imports nothing of the harness: only itself and src/shared', () => {
    const outside = sourceFiles('src/sim').flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('src/sim/') && !target.startsWith('src/shared/'))
        .map((target) => `${file} → ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('src/shared imports nothing outside itself', () => {
    const outside = sourceFiles('src/shared').flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('src/shared/'))
        .map((target) => `${file} → ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('reads imports of every kind (static, type-only, re-export, dynamic)', () => {
    const imports = importsOf('src/report/charts.ts');
    expect(imports).toContain('src/report/charts/throughput.ts');
    expect(importsOf('src/targets/messages.ts')).toContain('src/shared/anthropic-stream.ts');
  });
});
