// Tool definitions shaped like Claude Code's own (names, argument names, required fields, enums,
// nested objects, absolute paths), described in our own words.
import type Anthropic from '@anthropic-ai/sdk';

type Tool = Anthropic.Tool;

function tool(name: string, description: string, properties: Record<string, unknown>, required: string[]): Tool {
  return {
    name,
    description,
    input_schema: { type: 'object', properties, required, additionalProperties: false },
  };
}

const absolutePath = (what: string) => ({
  type: 'string',
  description: `Absolute path of the ${what}, starting with /.`,
});

export const READ = tool(
  'Read',
  'Reads a text file from the local disk and returns its lines, numbered. The path must be absolute. ' +
    'Use offset and limit to read part of a large file.',
  {
    file_path: absolutePath('file to read'),
    offset: { type: 'integer', minimum: 0, description: 'First line to return (0-based).' },
    limit: { type: 'integer', minimum: 1, description: 'How many lines to return.' },
  },
  ['file_path'],
);

export const WRITE = tool(
  'Write',
  'Creates a file, or replaces an existing file, with the given content. The path must be absolute.',
  {
    file_path: absolutePath('file to write'),
    content: { type: 'string', description: 'The whole new content of the file.' },
  },
  ['file_path', 'content'],
);

export const EDIT = tool(
  'Edit',
  'Changes an existing file by replacing an exact piece of text with new text. old_string must occur in the file; ' +
    'set replace_all to change every occurrence.',
  {
    file_path: absolutePath('file to change'),
    old_string: { type: 'string', description: 'The text to find, exactly as it appears.' },
    new_string: { type: 'string', description: 'The text to put in its place.' },
    replace_all: { type: 'boolean', default: false, description: 'Replace every occurrence instead of one.' },
  },
  ['file_path', 'old_string', 'new_string'],
);

export const BASH = tool(
  'Bash',
  'Executes a shell command in a persistent bash session and returns its output. Use it for builds, tests, git and ' +
    'package managers; prefer the dedicated tools for reading, searching and editing files.',
  {
    command: { type: 'string', description: 'The command line to execute.' },
    description: { type: 'string', description: 'Five to ten words saying what the command does.' },
    timeout: {
      type: 'integer',
      minimum: 1,
      maximum: 600000,
      description: 'Milliseconds before the command is stopped.',
    },
    run_in_background: { type: 'boolean', description: 'Start the command and return at once.' },
  },
  ['command'],
);

export const GLOB = tool(
  'Glob',
  'Lists files whose paths match a glob pattern such as **/*.ts, newest first.',
  {
    pattern: { type: 'string', description: 'The glob pattern.' },
    path: absolutePath('directory to search in (default: the working directory)'),
  },
  ['pattern'],
);

export const GREP = tool(
  'Grep',
  'Searches file contents for a regular expression (ripgrep syntax) and reports matching files or lines.',
  {
    pattern: { type: 'string', description: 'The regular expression to search for.' },
    path: absolutePath('file or directory to search (default: the working directory)'),
    glob: { type: 'string', description: 'Only search files matching this glob, e.g. *.ts.' },
    output_mode: {
      type: 'string',
      enum: ['content', 'files_with_matches', 'count'],
      description: 'What to report (default files_with_matches).',
    },
    '-i': { type: 'boolean', description: 'Ignore case.' },
    head_limit: { type: 'integer', minimum: 1, description: 'Report at most this many results.' },
  },
  ['pattern'],
);

export const TODO_WRITE = tool(
  'TodoWrite',
  'Records the task list for the current piece of work: every item with its state. Use it to plan multi-step work ' +
    'and to show progress.',
  {
    todos: {
      type: 'array',
      description: 'The full, updated list.',
      items: {
        type: 'object',
        properties: {
          content: { type: 'string', minLength: 1, description: 'What to do, in the imperative.' },
          status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] },
          activeForm: {
            type: 'string',
            minLength: 1,
            description: 'The same item in the present continuous, e.g. "Running tests".',
          },
        },
        required: ['content', 'status', 'activeForm'],
        additionalProperties: false,
      },
    },
  },
  ['todos'],
);

export const WEB_FETCH = tool(
  'WebFetch',
  'Downloads a web page and answers a question about its content.',
  {
    url: { type: 'string', format: 'uri', description: 'The address to fetch.' },
    prompt: { type: 'string', description: 'What to find out from the page.' },
  },
  ['url', 'prompt'],
);

export const WEB_SEARCH = tool(
  'WebSearch',
  'Looks something up on the internet and returns result titles and links.',
  {
    query: { type: 'string', minLength: 2, description: 'The search query.' },
    allowed_domains: { type: 'array', items: { type: 'string' }, description: 'Only return results from these sites.' },
  },
  ['query'],
);

export const NOTEBOOK_EDIT = tool(
  'NotebookEdit',
  'Changes one cell of a Jupyter notebook (.ipynb): replace its source, insert a new cell, or delete it.',
  {
    notebook_path: absolutePath('notebook'),
    cell_id: { type: 'string', description: 'The cell to change, or after which to insert.' },
    new_source: { type: 'string', description: 'The new source of the cell.' },
    cell_type: { type: 'string', enum: ['code', 'markdown'] },
    edit_mode: { type: 'string', enum: ['replace', 'insert', 'delete'] },
  },
  ['notebook_path', 'new_source'],
);

export const TASK = tool(
  'Task',
  'Hands a self-contained job to a helper agent that works on its own and reports back once.',
  {
    description: { type: 'string', description: 'Three to five words naming the job.' },
    prompt: { type: 'string', description: 'Everything the helper needs to know to do the job.' },
    subagent_type: {
      type: 'string',
      enum: ['general-purpose', 'explore', 'plan'],
      description: 'Which kind of helper to start.',
    },
  },
  ['description', 'prompt', 'subagent_type'],
);

export const ASK_USER = tool(
  'AskUserQuestion',
  'Asks the user one to four multiple-choice questions when a decision is theirs to make.',
  {
    questions: {
      type: 'array',
      minItems: 1,
      maxItems: 4,
      items: {
        type: 'object',
        properties: {
          question: { type: 'string' },
          header: { type: 'string', maxLength: 12 },
          options: {
            type: 'array',
            minItems: 2,
            maxItems: 4,
            items: {
              type: 'object',
              properties: { label: { type: 'string' }, description: { type: 'string' } },
              required: ['label', 'description'],
              additionalProperties: false,
            },
          },
          multiSelect: { type: 'boolean' },
        },
        required: ['question', 'header', 'options', 'multiSelect'],
        additionalProperties: false,
      },
    },
  },
  ['questions'],
);

export const BASH_OUTPUT = tool(
  'BashOutput',
  'Returns what a background shell has printed since the last time it was asked.',
  {
    bash_id: { type: 'string', description: 'The id of the background shell.' },
    filter: { type: 'string', description: 'Only lines matching this regular expression.' },
  },
  ['bash_id'],
);

export const KILL_SHELL = tool(
  'KillShell',
  'Stops a background shell.',
  { shell_id: { type: 'string', description: 'The id of the shell to stop.' } },
  ['shell_id'],
);

export const EXIT_PLAN_MODE = tool(
  'ExitPlanMode',
  'Presents the finished plan to the user for approval and leaves planning mode.',
  { plan: { type: 'string', description: 'The plan, in Markdown.' } },
  ['plan'],
);

/** Every tool, in the order Claude Code lists its own: the "choose" and long-prompt probes offer all of them. */
export const ALL_TOOLS: readonly Tool[] = [
  TASK,
  BASH,
  GLOB,
  GREP,
  EXIT_PLAN_MODE,
  READ,
  EDIT,
  WRITE,
  NOTEBOOK_EDIT,
  WEB_FETCH,
  TODO_WRITE,
  WEB_SEARCH,
  BASH_OUTPUT,
  KILL_SHELL,
  ASK_USER,
];

/** The file tools a coding agent is usually offered, without web or planning tools. */
export const FILE_TOOLS: readonly Tool[] = [BASH, GLOB, GREP, READ, EDIT, WRITE];
