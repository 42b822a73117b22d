// Which offered tool carries an instruction, and its arguments, judged only from the tool's name,
// description and input_schema property names — as a model reading the tool list would.
import { posix } from 'node:path';
import type { SimTool } from './conversation.js';
import type { Instruction, InstructionKind } from './instructions.js';

/** An argument the model can fill, and the property names a schema may call it by. */
const ROLE_PROPERTIES = {
  path: ['file_path', 'path', 'filePath', 'filename', 'file'],
  content: ['content', 'contents', 'text'],
  oldText: ['old_string', 'oldString', 'old_str', 'old_text'],
  newText: ['new_string', 'newString', 'new_str', 'new_text'],
  command: ['command', 'cmd'],
  pattern: ['pattern', 'regex', 'glob'],
  todos: ['todos'],
  description: ['description'],
} as const;

type Role = keyof typeof ROLE_PROPERTIES;

interface KindFit {
  /** Tool names that are this tool (compared without case, `_` or `-`). */
  names: string[];
  /** Words that, in the name (or else the description), say the tool does this. */
  words: string[];
  needs: Role[];
}

const FITS: Record<InstructionKind, KindFit> = {
  read: { names: ['read', 'readfile', 'view', 'cat', 'openfile'], words: ['read', 'view', 'open'], needs: ['path'] },
  write: { names: ['write', 'writefile', 'createfile'], words: ['write', 'create'], needs: ['path', 'content'] },
  edit: {
    names: ['edit', 'editfile', 'replace', 'strreplace'],
    words: ['edit', 'replace'],
    needs: ['path', 'oldText', 'newText'],
  },
  run: {
    names: ['bash', 'shell', 'run', 'runcommand', 'exec', 'execute', 'terminal'],
    words: ['bash', 'shell', 'command', 'run', 'exec'],
    needs: ['command'],
  },
  search: { names: ['grep', 'search', 'searchfiles', 'searchcode'], words: ['grep', 'search'], needs: ['pattern'] },
  glob: { names: ['glob', 'findfiles', 'listfiles'], words: ['glob', 'find', 'list'], needs: ['pattern'] },
  plan: { names: ['todowrite', 'todo', 'todos', 'writetodos'], words: ['todo'], needs: ['todos'] },
};

const squash = (name: string): string => name.toLowerCase().replace(/[_\-\s]/g, '');

function propertyFor(tool: SimTool, role: Role): string | undefined {
  const properties = Object.keys(tool.schema.properties ?? {});
  return ROLE_PROPERTIES[role].find((name) => properties.includes(name));
}

/** 3 = the tool is named for it, 2 = its name mentions it, 1 = its description does, 0 = does not fit. */
function fitScore(tool: SimTool, fit: KindFit): number {
  if (!fit.needs.every((role) => propertyFor(tool, role))) return 0;
  const fillable = new Set<string>(
    Object.keys(ROLE_PROPERTIES).flatMap((role) => propertyFor(tool, role as Role) ?? []),
  );
  if (!(tool.schema.required ?? []).every((name) => fillable.has(name))) return 0;
  if (fit.names.includes(squash(tool.name))) return 3;
  if (fit.words.some((word) => tool.name.toLowerCase().includes(word))) return 2;
  if (fit.words.some((word) => new RegExp(`\\b${word}`, 'i').test(tool.description))) return 1;
  return 0;
}

export function fittingTool(kind: InstructionKind, tools: readonly SimTool[]): SimTool | null {
  let best: SimTool | null = null;
  let bestScore = 0;
  for (const tool of tools) {
    const score = fitScore(tool, FITS[kind]);
    if (score > bestScore) [best, bestScore] = [tool, score];
  }
  return best;
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** Searches and globs with no tool of their own fall back to a shell, as a model with only Bash would. */
function asShell(instruction: Instruction): Instruction | null {
  if (instruction.kind === 'search')
    return {
      kind: 'run',
      command: `grep -rn ${shellQuote(instruction.pattern)} ${instruction.path ? shellQuote(instruction.path) : '.'}`,
    };
  if (instruction.kind === 'glob')
    return {
      kind: 'run',
      command: `find . -path ${shellQuote(instruction.pattern.includes('/') ? `./${instruction.pattern}` : `*/${instruction.pattern}`)}`,
    };
  return null;
}

function gerund(phrase: string): string {
  const [verb, ...rest] = phrase.split(' ');
  const lower = verb.toLowerCase();
  let ing = /[^e]e$/.test(lower)
    ? `${lower.slice(0, -1)}ing`
    : /^[^aeiou]*[aeiou][^aeiouwxy]$/.test(lower)
      ? `${lower}${lower.at(-1)}ing`
      : `${lower}ing`;
  ing = ing[0].toUpperCase() + ing.slice(1);
  return [ing, ...rest].join(' ');
}

function todoItems(tool: SimTool, items: string[]): Record<string, unknown>[] {
  const todos = (tool.schema.properties?.todos ?? {}) as { items?: { properties?: Record<string, unknown> } };
  const itemProperties = Object.keys(todos.items?.properties ?? { content: 1, status: 1, activeForm: 1 });
  return items.map((content, index) => {
    const todo: Record<string, unknown> = { content, status: 'pending' };
    if (itemProperties.includes('activeForm')) todo.activeForm = gerund(content);
    if (itemProperties.includes('id')) todo.id = String(index + 1);
    if (itemProperties.includes('priority')) todo.priority = 'medium';
    return todo;
  });
}

export interface PlannedCall {
  name: string;
  input: Record<string, unknown>;
}

/** The call that carries `instruction` with the offered tools, or null when no tool fits. */
export function planCall(
  instruction: Instruction,
  tools: readonly SimTool[],
  workingDirectory: string,
): PlannedCall | null {
  const tool = fittingTool(instruction.kind, tools);
  if (!tool) {
    const shell = asShell(instruction);
    return shell ? planCall(shell, tools, workingDirectory) : null;
  }
  const values: Partial<Record<Role, unknown>> = {};
  switch (instruction.kind) {
    case 'read':
      values.path = posix.resolve(workingDirectory, instruction.path);
      break;
    case 'write':
      Object.assign(values, { path: posix.resolve(workingDirectory, instruction.path), content: instruction.content });
      break;
    case 'edit':
      Object.assign(values, {
        path: posix.resolve(workingDirectory, instruction.path),
        oldText: instruction.oldText,
        newText: instruction.newText,
      });
      break;
    case 'run':
      Object.assign(values, { command: instruction.command, description: `Run ${instruction.command}` });
      break;
    case 'search':
      Object.assign(values, {
        pattern: instruction.pattern,
        ...(instruction.path ? { path: posix.resolve(workingDirectory, instruction.path) } : {}),
      });
      break;
    case 'glob':
      values.pattern = instruction.pattern;
      break;
    case 'plan':
      values.todos = todoItems(tool, instruction.items);
      break;
  }
  const input: Record<string, unknown> = {};
  for (const [role, value] of Object.entries(values) as [Role, unknown][]) {
    const property = propertyFor(tool, role);
    if (property) input[property] = value;
  }
  return { name: tool.name, input };
}
