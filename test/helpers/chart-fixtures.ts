// Runs of 1 to N models with every chart's metrics, values spread the way real runs spread them:
// a simulated instant model at hundreds of millions of tokens/s next to one decoding at 5, tool-use
// cells of every verdict, an errored context probe, a skipped memory prediction, a long model name.
import type { ResultRecord, RunFile, Status } from '../../src/types.js';
import { record, runOf } from './run-fixtures.js';

const GIB = 1024 ** 3;
const CATEGORIES = ['simple', 'choose', 'parallel', 'multi_turn', 'irrelevance', 'streaming', 'long_prompt'];
const NAMES = [
  'qwen2.5-coder:32b',
  'llama3.1:8b',
  'sim-instant',
  'hf.co/bartowski/Qwen2.5-Coder-14B-Instruct-GGUF:Q4_K_M',
  'sim-slow',
  'gpt-oss:20b',
  'devstral:24b',
  'sim-flaky',
  'mistral-small:22b',
  'deepseek-coder-v2:16b',
  'granite-code:8b',
  'phi4:14b',
  'codellama:13b',
];

const ratioStatus = (ratio: number): Status => (ratio >= 0.9 ? 'pass' : ratio >= 0.5 ? 'warn' : 'fail');

function modelRecords(model: string, index: number): ResultRecord[] {
  const instant = model === 'sim-instant';
  const slow = model === 'sim-slow';
  const flaky = model === 'sim-flaky';
  const decode = instant ? 414_120 : slow ? 5 : 12 + ((index * 37) % 140);
  const prefill = instant ? 366_000_000 : 300 + ((index * 811) % 5000);
  const records: ResultRecord[] = [
    record({
      model,
      suite: 'throughput',
      metric: 'prefill_tps',
      value: flaky ? null : prefill,
      unit: 'tokens/s',
      status: flaky ? 'error' : prefill >= 500 ? 'pass' : 'warn',
    }),
    record({
      model,
      suite: 'throughput',
      metric: 'decode_tps',
      value: decode,
      unit: 'tokens/s',
      status: decode >= 20 ? 'pass' : decode >= 8 ? 'warn' : 'fail',
    }),
  ];
  CATEGORIES.forEach((category, c) => {
    const ratio = flaky ? [0.6, 0.67, 0.33, 0.8, 0.75, 0.67, 0.6][c] : ((index + c) % 4) / 3;
    records.push(
      record({
        model,
        suite: 'tool-use',
        metric: `tool_use.${category}`,
        value: ratio,
        unit: 'ratio',
        status: ratioStatus(ratio),
      }),
    );
  });
  records.push(
    record({ model, suite: 'tool-use', metric: 'tool_use_score', value: 0.7, unit: 'ratio', status: 'warn' }),
  );
  const claimed = [131_072, 32_768, 163_840, 8192][index % 4];
  records.push(
    record({
      model,
      suite: 'context',
      metric: 'effective_context_tokens',
      value: flaky ? 4096 : claimed / (index % 2 ? 2 : 1),
      unit: 'tokens',
      status: flaky ? 'error' : 'pass',
    }),
    record({
      model,
      suite: 'context',
      metric: 'claimed_context_tokens',
      value: claimed,
      unit: 'tokens',
      status: 'pass',
    }),
    record({
      model,
      suite: 'context',
      metric: 'server_context_tokens',
      value: flaky ? null : 32_768,
      unit: 'tokens',
      status: flaky ? 'error' : 'warn',
    }),
  );
  const skipped = claimed < 65_536;
  records.push(
    record({
      model,
      suite: 'memory',
      metric: 'predicted_bytes@65536',
      value: skipped ? null : (6 + index * 1.7) * GIB,
      unit: 'bytes',
      status: skipped ? 'skip' : 'pass',
      detail: skipped ? "beyond the model's trained context" : '',
    }),
    record({
      model,
      suite: 'memory',
      metric: 'vram_bytes',
      value: Math.min(23.5, 5 + index * 1.6) * GIB,
      unit: 'bytes',
      status: 'pass',
    }),
    record({
      model,
      suite: 'memory',
      metric: 'ram_bytes',
      value: index === 2 ? 3.3 * GIB : 0,
      unit: 'bytes',
      status: index === 2 ? 'warn' : 'pass',
    }),
  );
  return records;
}

/** A run of the first `count` models (names repeat with a suffix past the list). */
export function chartRun(count: number): RunFile {
  const models = Array.from({ length: count }, (_, i) =>
    i < NAMES.length ? NAMES[i] : `${NAMES[i % NAMES.length]}-${i}`,
  );
  return runOf(models.flatMap(modelRecords));
}
