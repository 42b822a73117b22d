#!/usr/bin/env -S node --max-semi-space-size=2
// The `bench` command: one file per subcommand, each adding itself through `register`, loaded only
// when it runs (src/cli/commands.ts). The shebang caps V8's young generation: a run allocates big
// prompt strings fast, and the default semi-spaces would grow to ~50 MB of RSS that hold nothing
// (`bench run --sim` with two models: 136 MB instead of 188 MB; no slower).
import { Command, CommanderError } from 'commander';
import { harnessVersion } from '../version.js';
import { addCommands } from './commands.js';
import { FS_REASONS, fsReason } from '../run/out-dir.js';
import { redactText } from '../shared/redact.js';
import { EXIT, UsageError } from './usage.js';
import { errorMessage } from '../shared/errors.js';

/** Node 22 is what the harness, testcontainers and Claude Code itself are tested on. */
const MIN_NODE_MAJOR = 22;

export async function main(argv: string[]): Promise<number> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR)
    process.stderr.write(
      `bench: warning: Node ${process.version} is older than ${MIN_NODE_MAJOR}; install Node ${MIN_NODE_MAJOR} or newer (some commands may fail)\n`,
    );
  const program = new Command('bench')
    .description('Which local model can really drive Claude Code, on this hardware, with which settings')
    .version(harnessVersion())
    .exitOverride()
    .showHelpAfterError('(run bench --help for usage)');
  try {
    await addCommands(program, argv);
    for (const command of program.commands) command.exitOverride();
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; parse errors with 1 from commander → 2.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${redactText(error.message)}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`bench: ${describeUnexpected(error)}\n`);
    return EXIT.untestable;
  }
}

/**
 * One line for anything a command did not turn into its own message: the file-system reason
 * (permission denied, no space left), a server's error without its page, never a stack trace
 * unless BENCH_DEBUG is set.
 */
export function describeUnexpected(error: unknown): string {
  if (process.env.BENCH_DEBUG && error instanceof Error && error.stack) return redactText(error.stack);
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const path = (error as NodeJS.ErrnoException | null)?.path;
  const message =
    typeof code === 'string' && FS_REASONS[code] ? `${path ? `${path}: ` : ''}${fsReason(error)}` : errorMessage(error);
  const firstLine = message.split('\n')[0];
  const short = firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine;
  return `${redactText(short)} (set BENCH_DEBUG=1 to see where)`;
}

// A closed pipe (`bench run --json | head -1`) ends the output, not the program with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
    throw error;
  });
}

// Last resort for an error no command caught (a socket error event, a stray rejection): one line, exit 1.
const lastResort = (error: unknown) => {
  process.stderr.write(`bench: ${describeUnexpected(error)}\n`);
  process.exit(EXIT.untestable);
};
process.on('uncaughtException', lastResort);
process.on('unhandledRejection', lastResort);

const code = await main(process.argv.slice(2));
process.exitCode = code;
