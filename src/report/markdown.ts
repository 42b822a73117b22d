// report.md: the answer first (which model, at which context, with which launch command), then the
// numbers at a glance, the verdict matrix, what to do (each piece of advice once, with the models
// it applies to), and per model its results folded in <details>.
import type { HardwareSummary, ResultRecord, RunFile, Status } from '../types.js';
import { escapeMarkdownCell, escapeMarkdownKeepingCode } from './escape.js';
import { failedProbesOf } from './failed-probes.js';
import { serverLine } from './server-line.js';
import { answerMarkdown, answerOf, type ModelAnswer } from './answer.js';
import { costSection } from './cost.js';
import { quickNote } from './quick.js';
import { formatBytes, formatDuration, formatStatus, formatValue } from './format.js';
import { glanceTable } from './glance.js';
import { declarationOf, shownStatus } from './metrics.js';
import { STATUS_RANK, suiteVerdicts, suitesOf } from './verdict.js';

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

const MAX_FAILED_PROBES_SHOWN = 5;
const MAX_MODELS_NAMED = 4;

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
          const vram =
            gpu.vramBytes === null
              ? 'VRAM unknown'
              : `${formatBytes(gpu.vramBytes)} ${gpu.unifiedMemory ? 'unified memory' : 'VRAM'}`;
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
    `- **Run:** ${escapeMarkdownCell(run.runId)} · ${escapeMarkdownCell(environment.startedAt)}${took}`,
    `- **Server:** ${serverLine(environment.server)}`,
    `- **Host:** ${hardwareLine(environment.hardware)}`,
    `- **Harness:** claude-code-bench ${escapeMarkdownCell(environment.harnessVersion)}, Node ${escapeMarkdownCell(environment.nodeVersion)}`,
  ];
  if (environment.interrupted)
    lines.push(
      '',
      '> **Interrupted:** the run ended early; only the results that finished are shown, and nothing is recommended.',
    );
  if (run.options.quick) lines.push('', quickNote(run.records));
  return lines.join('\n');
}

/** "✅ pass", or "❌ fail → ✅ pass" when the launch settings settle what failed. */
function verdictText(verdict: Status, withLaunch: Status): string {
  return verdict === withLaunch ? formatStatus(verdict) : `${formatStatus(verdict)} → ${formatStatus(withLaunch)}`;
}

function glanceSection(run: RunFile, models: readonly ModelAnswer[]): string | null {
  if (run.records.length === 0) return null;
  const glance = glanceTable(run.records, models);
  const rows = glance.rows.map((row) => [
    escapeMarkdownCell(row.model),
    verdictText(row.verdict, row.verdictWithLaunch),
    ...row.cells.map((cell) =>
      cell.status && cell.status !== 'pass' && cell.status !== 'info'
        ? `${cell.text} ${formatStatus(cell.status).split(' ')[0]}`
        : cell.text,
    ),
  ]);
  return [
    '## At a glance',
    '',
    table(['Model', 'Verdict', ...glance.headers], rows),
    '',
    'Verdict: the worst suite result as measured now; `→` shows it with that model’s launch settings (`bench launch --model M`), which raise the served context and set Claude Code’s window.',
  ].join('\n');
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
    'A suite’s verdict is the worst status among its results: 💥 error > ❌ fail > ⚠️ warn > ✅ pass > ⏭ skip; ℹ️ info rows (facts, the harness’s own accuracy) are not verdicts.',
  ].join('\n');
}

function chartsSection(charts: MarkdownOptions['charts']): string | null {
  if (!charts?.length) return null;
  return [
    '## Charts',
    ...charts.map((chart) => `![${escapeMarkdownCell(chart.title)}](${encodeURI(chart.file)})`),
  ].join('\n\n');
}

/** Where a model's name was: a character no text has, so a word like OLLAMA_MAX_LOADED_MODELS stays as it is. */
const MODEL_SLOT = '\u{F8FF}';

/** The model's name in a text replaced by a placeholder, so one piece of advice reads the same for every model. */
const generic = (text: string, model: string): string => (model ? text.split(model).join(MODEL_SLOT) : text);

function namedModels(models: readonly string[]): string {
  const shown = models.slice(0, MAX_MODELS_NAMED).map((model) => escapeMarkdownCell(model, 80));
  return models.length > MAX_MODELS_NAMED
    ? `${shown.join(', ')} and ${models.length - MAX_MODELS_NAMED} more`
    : shown.join(', ');
}

interface AdviceGroup {
  record: ResultRecord;
  metrics: string[];
  models: string[];
  detail: string;
  advice: string | null;
}

/**
 * Every piece of advice once, with the metrics and models it applies to (results without advice
 * once per metric and detail); worst first. Metrics a summary metric speaks for are left to it.
 */
function whatToDo(records: readonly ResultRecord[]): string {
  const groups = new Map<string, AdviceGroup>();
  for (const record of records) {
    const shown = shownStatus(record);
    if (shown === 'info' || STATUS_RANK[shown] < STATUS_RANK.warn) continue;
    const summary = declarationOf(record.suite, record.metric)?.summarizedBy;
    if (
      summary &&
      records.some((r) => r.model === record.model && r.metric === summary && STATUS_RANK[r.status] >= STATUS_RANK.warn)
    )
      continue;
    const advice = record.advice ? generic(record.advice, record.model) : null;
    const detail = generic(record.detail, record.model);
    const metric = record.metric.replace(/@.*/, '@…');
    const key = advice
      ? [record.suite, record.status, advice].join('\u0000')
      : [record.suite, metric, record.status, detail].join('\u0000');
    const group = groups.get(key);
    if (group) {
      if (!group.models.includes(record.model)) group.models.push(record.model);
      if (!group.metrics.includes(metric)) group.metrics.push(metric);
    } else groups.set(key, { record, metrics: [metric], models: [record.model], detail, advice });
  }
  if (groups.size === 0) return '## What to do\n\nNothing: no warnings, failures or errors.';
  const ordered = [...groups.values()].sort(
    (a, b) => STATUS_RANK[b.record.status] - STATUS_RANK[a.record.status] || b.models.length - a.models.length,
  );
  const items = ordered.map(({ record, metrics, models, detail, advice }) => {
    const single = models.length === 1;
    const text = (s: string) => s.split(MODEL_SLOT).join(single ? models[0] : 'MODEL');
    const about = `${record.suite} / ${metrics.map((m) => escapeMarkdownCell(m)).join(', ')}`;
    const head = `- ${formatStatus(record.status)} **${about}** (${namedModels(models)}): ${escapeMarkdownCell(text(detail), 300)}`;
    return advice ? `${head}\n  → ${escapeMarkdownKeepingCode(text(advice), 2000)}` : head;
  });
  return [
    '## What to do',
    '',
    ...items,
    '',
    '`MODEL` stands for each model named; the detail shown is the first model’s.',
  ].join('\n');
}

function measuredCell(records: readonly ResultRecord[]): string {
  return records
    .map((record) => {
      const shown = shownStatus(record);
      const mark = shown === 'pass' || shown === 'info' ? '' : ` ${formatStatus(shown).split(' ')[0]}`;
      return `${escapeMarkdownCell(record.metric)} ${escapeMarkdownCell(formatValue(record.value, record.unit), 60)}${mark}`;
    })
    .join(' · ');
}

function failedProbesLine(records: readonly ResultRecord[]): string | null {
  const probes = failedProbesOf(records.filter((record) => Array.isArray(record.data?.failedProbes)));
  if (probes.length === 0) return null;
  const shown = probes
    .slice(0, MAX_FAILED_PROBES_SHOWN)
    .map(
      (probe) => `\`${escapeMarkdownCell(probe.id, 60).replaceAll('`', '')}\` ${escapeMarkdownCell(probe.failure, 80)}`,
    );
  const hidden = probes.length - shown.length;
  return `Failed probes (${probes.length}): ${shown.join(' · ')}${hidden > 0 ? ` · and ${hidden} more` : ''} — raw replies in run.json (\`data.failedProbes\`).`;
}

function modelSection(answer: ModelAnswer, records: readonly ResultRecord[]): string {
  const suites = suitesOf(records);
  const rows = suites.map((suite) => [
    suite,
    formatStatus((answer.suites as Record<string, Status>)[suite] ?? 'skip'),
    measuredCell(records.filter((r) => r.suite === suite)),
  ]);
  const probes = failedProbesLine(records);
  return [
    `<details><summary><strong>${escapeMarkdownCell(answer.model)}</strong> — ${verdictText(answer.verdict, answer.verdictWithLaunch)}</summary>`,
    '',
    table(['Suite', 'Verdict', 'Measured'], rows),
    ...(probes ? ['', probes] : []),
    '',
    '</details>',
  ].join('\n');
}

export function toMarkdown(run: RunFile, options: MarkdownOptions = {}): string {
  const answer = answerOf(run, options.outDir ?? '');
  const sections = [
    options.banner ?? (run.environment.simulated ? SIMULATED_BANNER : null),
    runSummary(run),
    answerMarkdown(answer),
    options.notes ?? null,
    glanceSection(run, answer.models),
    compatibilityMatrix(run.records),
    chartsSection(options.charts),
    run.records.length ? whatToDo(run.records) : null,
    answer.models.length
      ? `## Per model\n\nEvery result with its detail is in results.csv and run.json.\n\n${answer.models
          .map((model) =>
            modelSection(
              model,
              run.records.filter((r) => r.model === model.model),
            ),
          )
          .join('\n\n')}`
      : null,
    costSection(run.cost, run.options.quick),
  ];
  return `${sections.filter((section): section is string => section !== null).join('\n\n')}\n`;
}
