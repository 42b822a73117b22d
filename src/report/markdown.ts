// report.md: what a person reads first — a verdict matrix, then per model its metrics and what to do.
import type { HardwareSummary, ResultRecord, RunFile } from '../types.js';
import { escapeMarkdownBlock, escapeMarkdownCell, escapeMarkdownKeepingCode } from './escape.js';
import { failedProbesOf } from './failed-probes.js';
import { serverLine } from './server-line.js';
import { answerMarkdown, answerOf } from './answer.js';
import { formatBytes, formatDuration, formatStatus, formatValue } from './format.js';
import { STATUS_RANK, modelsOf, suiteVerdicts, suitesOf } from './verdict.js';

export interface MarkdownOptions {
  /** Chart images written next to report.md (relative file names). */
  charts?: { title: string; file: string }[];
  /** Replaces the opening banner (a merged report says which of its parts are simulated). */
  banner?: string;
  /** Markdown placed after the run summary, before the compatibility matrix. */
  notes?: string;
  /** Where the run is written (for the answer's summary). */
  outDir?: string;
}

const MAX_FAILED_PROBES_SHOWN = 20;
const DETAIL_CELL_MAX = 160;

const SIMULATED_BANNER = [
  '> **SIMULATED** — these results come from the built-in simulator (`sim-*` models), not from a real model.',
  '> They show how the harness and its report work; they say nothing about any real model or hardware.',
].join('\n');

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function hardwareLine(hardware: HardwareSummary | null): string {
  if (!hardware) return 'not detected';
  const { os, cpu, memory, gpus } = hardware;
  const gpuText = gpus.length
    ? gpus
        .map((gpu) => {
          const vram = gpu.vramBytes === null ? 'VRAM unknown' : `${formatBytes(gpu.vramBytes)} ${gpu.unifiedMemory ? 'unified memory' : 'VRAM'}`;
          return `${gpu.vendor} ${gpu.model} (${vram})`;
        })
        .join(', ')
    : 'none detected';
  const parts = [
    `${os.distro} ${os.release} (${os.platform}, ${os.arch})`,
    `CPU ${cpu.model} (${cpu.cores} threads)`,
    `RAM ${formatBytes(memory.totalBytes)}`,
    `GPU ${gpuText}`,
  ];
  return parts.map((part) => escapeMarkdownCell(part)).join(' · ');
}

function runSummary(run: RunFile): string {
  const { environment } = run;
  const started = Date.parse(environment.startedAt);
  const ended = environment.endedAt ? Date.parse(environment.endedAt) : Number.NaN;
  const took = Number.isFinite(started) && Number.isFinite(ended) ? ` (took ${formatDuration(ended - started)})` : '';
  const lines = [
    '# claude-code-bench report',
    '',
    `- **Run:** ${escapeMarkdownCell(run.runId)}`,
    `- **Date:** ${escapeMarkdownCell(environment.startedAt)}${took}`,
    `- **Host:** ${hardwareLine(environment.hardware)}`,
    `- **Server:** ${serverLine(environment.server)}`,
    `- **Harness:** claude-code-bench ${escapeMarkdownCell(environment.harnessVersion)}, Node ${escapeMarkdownCell(environment.nodeVersion)}`,
  ];
  if (environment.interrupted) lines.push('', '> **Interrupted:** the run ended early; only the results that finished are shown.');
  return lines.join('\n');
}

function compatibilityMatrix(records: readonly ResultRecord[]): string {
  if (records.length === 0) return '## Compatibility\n\nNo results were recorded.';
  const suites = suitesOf(records);
  const rows = [...suiteVerdicts(records)].map(([model, verdicts]) => [
    escapeMarkdownCell(model),
    ...suites.map((suite) => {
      const verdict = verdicts.get(suite);
      return verdict ? formatStatus(verdict) : '— not run';
    }),
  ]);
  return [
    '## Compatibility',
    '',
    table(['Model', ...suites], rows),
    '',
    'A suite’s verdict is the worst status among its results: 💥 error > ❌ fail > ⚠️ warn > ✅ pass > ⏭ skip.',
  ].join('\n');
}

function chartsSection(charts: MarkdownOptions['charts']): string | null {
  if (!charts?.length) return null;
  return ['## Charts', ...charts.map((chart) => `![${escapeMarkdownCell(chart.title)}](${encodeURI(chart.file)})`)].join('\n\n');
}

function metricsTable(records: readonly ResultRecord[]): string {
  const rows = records.map((record) => [
    record.suite,
    escapeMarkdownCell(record.metric),
    escapeMarkdownCell(formatValue(record.value, record.unit)),
    formatStatus(record.status),
    escapeMarkdownCell(record.detail, DETAIL_CELL_MAX),
  ]);
  return table(['Suite', 'Metric', 'Value', 'Status', 'Detail'], rows);
}

function whatToDo(records: readonly ResultRecord[]): string {
  const problems = records
    .filter((record) => STATUS_RANK[record.status] >= STATUS_RANK.warn)
    .sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status]);
  if (problems.length === 0) return '### What to do\n\nNothing: no warnings, failures or errors.';
  const items = problems.map((record) => {
    const detail = record.detail ? ` — ${escapeMarkdownCell(record.detail, 300)}` : '';
    const advice = record.advice ? `\n  → ${escapeMarkdownKeepingCode(record.advice, 600)}` : '';
    return `- ${formatStatus(record.status)} **${record.suite} / ${escapeMarkdownCell(record.metric)}**${detail}${advice}`;
  });
  return ['### What to do', '', ...items].join('\n');
}

function failedProbesSection(records: readonly ResultRecord[]): string | null {
  const probes = failedProbesOf(records.filter((record) => record.suite === 'tool-use'));
  if (probes.length === 0) return null;
  const items = probes.slice(0, MAX_FAILED_PROBES_SHOWN).map((probe) => {
    const head = `- **${escapeMarkdownCell(probe.id)}** (${escapeMarkdownCell(probe.category)}): ${escapeMarkdownCell(probe.failure)}`;
    return probe.reply ? `${head}\n\n${escapeMarkdownBlock(probe.reply, 800, '  ')}` : head;
  });
  const hidden = probes.length - MAX_FAILED_PROBES_SHOWN;
  if (hidden > 0) items.push(`- … and ${hidden} more in run.json (\`data.failedProbes\`).`);
  // A blank line between items: each may hold a code block.
  return [`### Failed tool-use probes (${probes.length})`, 'Raw replies, truncated:', ...items].join('\n\n');
}

function modelSection(model: string, records: readonly ResultRecord[]): string {
  const parts = [`## ${escapeMarkdownCell(model)}`, metricsTable(records), whatToDo(records), failedProbesSection(records)];
  return parts.filter((part): part is string => part !== null).join('\n\n');
}

export function toMarkdown(run: RunFile, options: MarkdownOptions = {}): string {
  const sections = [
    options.banner ?? (run.environment.simulated ? SIMULATED_BANNER : null),
    runSummary(run),
    answerMarkdown(answerOf(run, options.outDir ?? '')),
    options.notes ?? null,
    compatibilityMatrix(run.records),
    chartsSection(options.charts),
    ...modelsOf(run.records).map((model) => modelSection(model, run.records.filter((record) => record.model === model))),
  ];
  return `${sections.filter((section): section is string => section !== null).join('\n\n')}\n`;
}
