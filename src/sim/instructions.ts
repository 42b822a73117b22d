// The instruction phrasings the competent model understands (docs/simulator.md, "Instructions").
// Each step of a task becomes at most one Instruction; which tool carries it is decided elsewhere.

export type Instruction =
  | { kind: 'read'; path: string }
  | { kind: 'write'; path: string; content: string }
  | { kind: 'edit'; path: string; oldText: string; newText: string }
  | { kind: 'run'; command: string }
  | { kind: 'search'; pattern: string; path?: string }
  | { kind: 'glob'; pattern: string }
  | { kind: 'plan'; items: string[] };

export type InstructionKind = Instruction['kind'];

/** A quoted string in any of the quote styles; the value is whichever group matched. */
const QUOTED = String.raw`(?:"([^"]*)"|'([^']*)'|\x60([^\x60]*)\x60|“([^”]*)”)`;
const POLITE = /^(?:(?:please|now|first|also|and|ok|okay|could you|can you|would you)\b[\s,]*)+/i;

function quotedValue(match: RegExpExecArray, firstGroup: number): string {
  for (let group = firstGroup; group < firstGroup + 4; group++) if (match[group] !== undefined) return match[group];
  return '';
}

/** A token that looks like a file path: has a `/` or an extension. */
export function cleanPath(token: string): string | null {
  const path = token.replace(/^[`'"“(]+/, '').replace(/[`'"”),.;:!?]+$/, '');
  if (!/^(?:~|\.{1,2})?\/?[\w.@+-]+(?:\/[\w.@+-]*)*$/.test(path)) return null;
  return path.includes('/') || /\.\w{1,10}$/.test(path) ? path : null;
}

function firstPath(text: string): string | null {
  for (const token of text.split(/\s+/)) {
    const path = cleanPath(token);
    if (path) return path;
  }
  return null;
}

type Matcher = (step: string) => Instruction | null;

const write: Matcher = (step) => {
  const named = new RegExp(
    String.raw`^(?:create|write)\s+(?:a\s+|the\s+)?(?:new\s+)?(?:file\s+)?(?:called\s+|named\s+|at\s+)?(\S+)\s+(?:containing|with)(?:\s+the)?(?:\s+(?:text|content|contents|line))?\s*:?\s*${QUOTED}`,
    'i',
  ).exec(step);
  if (named) {
    const path = cleanPath(named[1]);
    return path ? { kind: 'write', path, content: quotedValue(named, 2) } : null;
  }
  const into = new RegExp(String.raw`^write\s+${QUOTED}\s+(?:to|into|in)\s+(?:the\s+)?(?:file\s+)?(\S+)`, 'i').exec(
    step,
  );
  const path = into ? cleanPath(into[5]) : null;
  return into && path ? { kind: 'write', path, content: quotedValue(into, 1) } : null;
};

const edit: Matcher = (step) => {
  const match = new RegExp(
    String.raw`replace\s+${QUOTED}\s+with\s+${QUOTED}\s+in\s+(?:the\s+)?(?:file\s+)?(\S+)`,
    'i',
  ).exec(step);
  const path = match ? cleanPath(match[9]) : null;
  return match && path ? { kind: 'edit', path, oldText: quotedValue(match, 1), newText: quotedValue(match, 5) } : null;
};

const run: Matcher = (step) => {
  const match = /^(?:run|execute)\b[^`]*`([^`]+)`/i.exec(step);
  return match ? { kind: 'run', command: match[1] } : null;
};

const glob: Matcher = (step) => {
  const match = new RegExp(
    String.raw`^(?:list|find)\s+(?:all\s+)?(?:the\s+)?files\s+matching\s+(?:${QUOTED}|(\S+))`,
    'i',
  ).exec(step);
  return match ? { kind: 'glob', pattern: quotedValue(match, 1) || match[5].replace(/[.,;]+$/, '') } : null;
};

const search: Matcher = (step) => {
  const match = new RegExp(
    String.raw`^(?:search\s+for|grep\s+for|find)\s+(?:the\s+)?(?:text\s+|string\s+|pattern\s+|word\s+)?${QUOTED}(.*)$`,
    'i',
  ).exec(step);
  if (!match) return null;
  const where = /\bin\s+(?:the\s+)?(?:file\s+|directory\s+|folder\s+)?(\S+)/i.exec(match[5]);
  const path = where ? where[1].replace(/[.,;]+$/, '') : undefined;
  return { kind: 'search', pattern: quotedValue(match, 1), ...(path ? { path } : {}) };
};

const read: Matcher = (step) => {
  const match = /^(?:read|open|show|view|cat)\b(.*)$/i.exec(step);
  const path = match ? firstPath(match[1]) : null;
  return path ? { kind: 'read', path } : null;
};

const plan: Matcher = (step) => {
  const match = /\b(?:make a plan|todo list|to-do list)\b[^:]*:\s*(.+)$/is.exec(step);
  if (!match) return null;
  const items = match[1]
    .split(';')
    .map((item) => item.trim().replace(/[.]+$/, ''))
    .filter(Boolean);
  return items.length > 0 ? { kind: 'plan', items } : null;
};

// Order matters: the more specific phrasings first (`write "x" to f` before read's `… f`).
const MATCHERS: readonly Matcher[] = [plan, write, edit, run, glob, search, read];

export function parseInstruction(step: string): Instruction | null {
  const text = step.trim().replace(POLITE, '');
  for (const matcher of MATCHERS) {
    const instruction = matcher(text);
    if (instruction) return instruction;
  }
  return null;
}
