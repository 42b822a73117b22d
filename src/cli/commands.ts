// The commands of `bench`, each loaded only when it runs: `bench --help` and `bench doctor` never
// load the suites, the simulator or the reporters. A command's module adds itself through
// `register`; its one-line summary here is what `bench --help` lists (a test checks that it is the
// command's own description).
import { type Command, Help } from 'commander';

export interface CommandEntry {
  name: string;
  /** Its arguments, as `bench --help` lists them after the name. */
  args: string;
  summary: string;
  load: () => Promise<{ register(program: Command): void }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    args: '[options]',
    summary:
      'Benchmark models against a model server (Ollama, llama-server, any /v1/messages server; or the built-in simulator with --sim) and write a report',
    load: () => import('./run.js'),
  },
  {
    name: 'sim',
    args: '[options]',
    summary:
      'Serve the built-in simulator (models sim-*) until Ctrl-C: as Ollama, llama-server or an Anthropic-API-only server',
    load: () => import('./sim.js'),
  },
  {
    name: 'report',
    args: '[options] <dirs...>',
    summary: 'Merge run directories (each with a run.json) into one report; per model × suite the latest run wins',
    load: () => import('./report.js'),
  },
  {
    name: 'compare',
    args: '[options] <baseline> <current>',
    summary: 'Compare two runs (directories or run.json files); exit 1 when the current one regressed',
    load: () => import('./compare.js'),
  },
  {
    name: 'doctor',
    args: '[options]',
    summary:
      'Check hardware, Node, Docker and the model server against the guide, with what to do about each (exit 1 when no server is reachable)',
    load: () => import('./doctor.js'),
  },
  {
    name: 'recommend',
    args: '[options]',
    summary:
      'Rank models that fit this machine (or --vram/--ram) at the context Claude Code needs, with the commands to run them',
    load: () => import('./recommend.js'),
  },
  {
    name: 'launch',
    args: '[options]',
    summary:
      'Print (or write) a ready docker run line, shell alias and compose.yaml for Claude Code with a model, with the settings its measurements call for',
    load: () => import('./launch.js'),
  },
];

/** The command `argv` runs (`bench run …`, `bench help run`), or undefined (no command, --help, --version, a typo). */
export function commandOf(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((entry) => entry.name === name);
}

/**
 * Adds the commands `argv` needs to `program`: the one it runs, loaded; otherwise every command as
 * a name and summary only, so `bench --help` lists them and a typo gets commander's suggestion.
 */
export async function addCommands(program: Command, argv: readonly string[]): Promise<void> {
  const entry = commandOf(argv);
  if (entry) {
    (await entry.load()).register(program);
    return;
  }
  for (const listed of COMMANDS) program.command(listed.name).description(listed.summary);
  const terms = new Map(COMMANDS.map((listed) => [listed.name, `${listed.name} ${listed.args}`]));
  const standard = new Help();
  program.configureHelp({
    subcommandTerm: (command) => terms.get(command.name()) ?? standard.subcommandTerm(command),
  });
}
