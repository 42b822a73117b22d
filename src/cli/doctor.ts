// `bench doctor`: is this machine ready to test models for Claude Code, and what to fix first.
// Exit 1 when a check fails that makes testing impossible (Ollama unreachable, Node too old).
import type { Command } from 'commander';
import { diagnose, doctorExitCode, gatherDoctorInputs, type DoctorInputs, type Verdict } from '../recommend/doctor.js';
import { normalizeHost } from './host.js';
import { parseBackend } from './run-options.js';

interface DoctorOptions {
  host?: string;
  backend?: string;
  json?: boolean;
}

const LABEL: Record<Verdict['status'], string> = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL' };

export function formatDoctorReport(verdicts: readonly Verdict[]): string {
  const lines = [
    'bench doctor: this machine against the guide (16 GB RAM minimum; 16–24 GB VRAM or Apple Silicon 32 GB+ recommended)',
    '',
  ];
  for (const verdict of verdicts) {
    lines.push(`${LABEL[verdict.status]}  ${verdict.item.padEnd(7)} ${verdict.finding}`);
    if (verdict.advice) lines.push(`               → ${verdict.advice}`);
  }
  const failed = verdicts.filter((v) => v.status === 'fail').length;
  const warned = verdicts.filter((v) => v.status === 'warn').length;
  lines.push(
    '',
    failed
      ? `${failed} problem(s) make testing impossible; fix them first (bench run --sim still works).`
      : warned
        ? `Ready to test, with ${warned} warning(s).`
        : 'Ready to test.',
  );
  return `${lines.join('\n')}\n`;
}

export function formatDoctorJson(inputs: DoctorInputs, verdicts: readonly Verdict[]): string {
  return `${JSON.stringify({ ...inputs, verdicts, exitCode: doctorExitCode(verdicts) }, null, 2)}\n`;
}

export async function doctorCommand(
  options: DoctorOptions,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const host = normalizeHost(
    options.host ?? process.env.OLLAMA_HOST,
    options.host !== undefined ? '--host' : 'OLLAMA_HOST',
  );
  const inputs = await gatherDoctorInputs(host, undefined, parseBackend(options.backend));
  const verdicts = diagnose(inputs);
  write(options.json ? formatDoctorJson(inputs, verdicts) : formatDoctorReport(verdicts));
  return doctorExitCode(verdicts);
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check hardware, Node, Docker and the model server against the guide, with what to do about each (exit 1 when no server is reachable)',
    )
    .addHelpText(
      'after',
      `
Examples:
  bench doctor                                   # Ollama at $OLLAMA_HOST (default http://127.0.0.1:11434)
  bench doctor --host http://localhost:8080      # a llama-server (detected)
  bench doctor --json`,
    )
    .option('--host <url>', 'the model server (default: OLLAMA_HOST or http://127.0.0.1:11434)')
    .option('--backend <backend>', 'ollama, llama-server, anthropic or auto (default: detected)')
    .option('--json', 'print the facts and verdicts as JSON')
    .action(async (options: DoctorOptions) => {
      process.exitCode = await doctorCommand(options);
    });
}
