// A session longer than the server's context: print many generated log files, then edit a file as
// the first message asked. Without compaction the server silently drops the oldest messages — the
// task first — and the model forgets what it was doing; with Claude Code told the real window it
// summarizes in time and finishes. Sized from the server context, so it always overflows it.
// Printed with `cat` (Bash) rather than Read: Claude Code re-attaches recently Read files after a
// compaction, which at 64K fills the window again at once and makes it give up ("thrashing").
import { seededRandom } from '../../shared/filler.js';
import { DEFAULT_BUDGETS, type AgentTask } from '../task.js';
import { fileContains } from '../verify.js';

/** Claude Code's own requests before any work (system prompt, tools, environment). */
const CLAUDE_CODE_BASE_TOKENS = 12_000;
/** Bash output over 30000 characters is cut by Claude Code; stay under it. */
const MAX_FILE_TOKENS = 7_000;
const MIN_FILE_TOKENS = 1_000;
const CHARS_PER_TOKEN = 4;
/** Without a measurement: the context the guide asks for. */
export const ASSUMED_SERVER_CONTEXT = 65_536;

const WORDS =
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega'.split(
    ' ',
  );

export interface LongContextSize {
  files: number;
  tokensPerFile: number;
}

/**
 * Files small enough that several fit between two compactions (Claude Code stops when the context
 * refills within 3 turns, 3 times in a row), and enough of them to overflow the server 15% over.
 */
export function longContextSize(serverContextTokens: number): LongContextSize {
  const tokensPerFile = Math.min(MAX_FILE_TOKENS, Math.max(MIN_FILE_TOKENS, Math.round(serverContextTokens / 26)));
  const files = Math.min(
    60,
    Math.max(6, Math.ceil(((serverContextTokens - CLAUDE_CODE_BASE_TOKENS) * 1.15) / tokensPerFile)),
  );
  return { files, tokensPerFile };
}

function logFile(index: number, tokens: number): string {
  const random = seededRandom(`long-context-${index}`);
  const lines: string[] = [];
  let chars = 0;
  for (let line = 0; chars < tokens * CHARS_PER_TOKEN; line++) {
    const words = Array.from({ length: 12 }, () => WORDS[Math.floor(random() * WORDS.length)]);
    const text = `record ${index}-${line}: ${words.join(' ')}`;
    lines.push(text);
    chars += text.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

export function longContextTask(serverContextTokens: number | null): AgentTask {
  const { files, tokensPerFile } = longContextSize(serverContextTokens ?? ASSUMED_SERVER_CONTEXT);
  const names = Array.from({ length: files }, (_, i) => `logs/part${i + 1}.txt`);
  const steps = names.map((name) => `run \`cat ${name}\``);
  return {
    id: 'long_context',
    title: `long session: print ${files} log files (~${files * tokensPerFile} tokens), then edit`,
    files: {
      ...Object.fromEntries(names.map((name, i) => [name, logFile(i + 1, tokensPerFile)])),
      'app.js': 'const mode = "draft";\nmodule.exports = { mode };\n',
    },
    prompt: `${[...steps, 'read app.js', 'replace "draft" with "final" in app.js'].join(', then ').replace(/^r/, 'R')}.`,
    budgets: { ...DEFAULT_BUDGETS, wallSeconds: 600, maxTurns: files + 8 },
    verify: (ctx) => fileContains(ctx, 'app.js', ['mode = "final"'], ['draft']),
  };
}
