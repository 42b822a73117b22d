// `bench` loads only the command it runs; the list `bench --help` shows must say what each command says of itself.
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, addCommands, commandOf } from '../../src/cli/commands.js';

describe('the command table', () => {
  it.each(COMMANDS.map((entry) => [entry.name, entry] as const))(
    '%s: the summary and arguments listed are the command’s own',
    async (name, entry) => {
      const program = new Command('bench');
      (await entry.load()).register(program);
      const command = program.commands.find((c) => c.name() === name);
      expect(command?.description()).toBe(entry.summary);
      expect(new Help().subcommandTerm(command!)).toBe(`${name} ${entry.args}`);
    },
  );

  it('finds the command a command line runs, also after `help`', () => {
    expect(commandOf(['run', '--sim'])?.name).toBe('run');
    expect(commandOf(['--quiet', 'compare', 'a', 'b'])?.name).toBe('compare');
    expect(commandOf(['help', 'launch'])?.name).toBe('launch');
    expect(commandOf(['--help'])).toBeUndefined();
    expect(commandOf(['frobnicate'])).toBeUndefined();
  });

  it('without a command, lists every command by name and summary, loading none', async () => {
    const program = new Command('bench');
    await addCommands(program, ['--help']);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((entry) => entry.name));
    expect(program.helpInformation()).toContain('compare [options] <baseline> <current>');
  });
});
