// "What this report cost": per model and suite the requests the harness made to the model server,
// the prompt and generated tokens by the server's own counts, and how often the model was loaded.
import { distinctContexts } from '../run/cost.js';
import type { CostFigures, RunCost } from '../types.js';
import { escapeMarkdownCell } from './escape.js';
import { formatCompact, formatNumber } from './format.js';

const contextName = (context: number | null): string =>
  context === null ? 'server default' : formatCompact(context, 'tokens');

/** "4 (8K, 32K, 128K, 64K)" (the contexts left out with `contexts` false), or "—" where the server loads its model at start. */
export function loadsText(figures: CostFigures, contexts = true): string {
  if (figures.loads === null) return '— (loaded at server start)';
  if (figures.loads === 0 || !contexts) return formatNumber(figures.loads);
  return `${figures.loads} (${figures.loadedAt.map(contextName).join(', ')})`;
}

function row(model: string, suite: string, figures: CostFigures, bold = false, contexts = true): string[] {
  const b = (text: string) => (bold ? `**${text}**` : text);
  const requests = figures.otherRequests
    ? `${formatNumber(figures.requests)} (+${formatNumber(figures.otherRequests)} metadata)`
    : formatNumber(figures.requests);
  const cached = figures.cachedPromptTokens ? ` (${formatNumber(figures.cachedPromptTokens)} cached)` : '';
  return [
    b(escapeMarkdownCell(model)),
    b(suite),
    requests,
    `${formatNumber(figures.promptTokens)}${cached}`,
    formatNumber(figures.generatedTokens),
    loadsText(figures, contexts),
  ];
}

/** One sentence per model: its loads against its distinct contexts (the planner's rule: one load per num_ctx). */
function loadsRule(model: string, figures: CostFigures): string | null {
  if (figures.loads === null || figures.loads === 0) return null;
  const distinct = distinctContexts(figures).length;
  const verdict =
    figures.loads <= distinct
      ? 'one load per context'
      : `${figures.loads - distinct} reload(s) of a context loaded before`;
  return `${escapeMarkdownCell(model)}: ${figures.loads} load(s) for ${distinct} distinct num_ctx — ${verdict}.`;
}

export function costSection(cost: RunCost | undefined, quick = false): string | null {
  if (!cost || cost.models.length === 0) return null;
  const header = ['Model', 'Suite', 'Requests', 'Prompt tokens', 'Generated tokens', 'Loads (at num_ctx)'];
  const rows: string[][] = [];
  for (const model of cost.models) {
    for (const suite of model.suites) rows.push(row(model.model, suite.suite, suite));
    rows.push(row(model.model, 'total', model.total, true));
  }
  if (cost.models.length > 1) rows.push(row('all models', 'total', cost.total, true, false));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rules = cost.models.map((m) => loadsRule(m.model, m.total)).filter((r): r is string => r !== null);
  return [
    '## What this report cost',
    '',
    `What the harness asked of the model server${quick ? ' in this --quick run' : ''}, by the server's own counts: prompt tokens include any it served from its prompt cache; a load is the server (re)loading the model, e.g. Ollama for a new num_ctx. Attempts that were run again (--resume) are included.`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    ...(rules.length ? ['', ...rules] : []),
  ].join('\n');
}
