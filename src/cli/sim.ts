// `bench sim`: serve the built-in simulator alone, so Claude Code, curl or `bench run` can talk to it,
// as Ollama (default), llama.cpp's llama-server, or a server that speaks only the Anthropic API.
import type { Command } from 'commander';
import { z } from 'zod';
import { SIM_BACKENDS, type SimBackend } from '../sim/personality.js';
import { startSimulator } from '../sim/server.js';
import { simModelNames } from '../sim/profiles/index.js';
import { SIM_VRAM_BYTES, simulatorContextLength } from './simulator-settings.js';
import { validChoices } from './closest.js';
import { UsageError, describeIssues, shownValue } from './usage.js';
import { errorMessage } from '../shared/errors.js';

/** Each backend's usual port, used when --port is not given. */
const DEFAULT_PORTS: Record<SimBackend, number> = { ollama: 11434, 'llama-server': 8080, anthropic: 8000 };
const NAMES: Record<SimBackend, string> = {
  ollama: 'Ollama',
  'llama-server': 'llama-server',
  anthropic: 'Anthropic-API-only server',
};

const schema = z.object({
  backend: z.enum(SIM_BACKENDS, { message: `must be one of ${SIM_BACKENDS.join(', ')}` }),
  port: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(0)
    .max(65_535, 'must be a TCP port (0-65535)')
    .optional(),
  host: z.string().min(1),
  context: z.coerce
    .number({ message: 'must be a number of tokens' })
    .int('must be a whole number of tokens')
    .positive('must be more than 0')
    .optional(),
});

function tryLine(backend: SimBackend, url: string): string {
  if (backend === 'ollama') return `Try: OLLAMA_HOST=${url} bench run --models sim-good`;
  return `Try: bench run --backend ${backend} --host ${url} --models sim-good`;
}

/** Why the simulator could not listen, in one line with what to do. */
function listenError(error: unknown, host: string, port: number, defaultPort: boolean): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const address = `${shownValue(host)}:${port}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `--host ${shownValue(host)}: no such address on this machine (host not found); give a local address such as 127.0.0.1 (the default) or 0.0.0.0`;
  if (code === 'EADDRNOTAVAIL')
    return `--host ${shownValue(host)}: not an address of this machine; give a local address such as 127.0.0.1 (the default) or 0.0.0.0`;
  if (code === 'EADDRINUSE')
    return `${address} is already in use${defaultPort ? ' (is a real server running there?)' : ''}; choose another --port, e.g. --port 0 for any free port`;
  if (code === 'EACCES' || code === 'EPERM')
    return `${address}: not allowed to listen there (${code}); ports below 1024 need privileges, choose another --port`;
  return `cannot listen on ${address}: ${errorMessage(error)}`;
}

const EXAMPLES = `
Examples:
  $ bench sim                                 an Ollama simulator on 127.0.0.1:11434
  $ bench sim --port 18434 --context 65536    another port, OLLAMA_CONTEXT_LENGTH=65536
  $ bench sim --backend llama-server          a llama-server simulator on 127.0.0.1:8080
  $ OLLAMA_HOST=http://127.0.0.1:18434 bench run --models sim-good   then measure it
`;

export function register(program: Command): void {
  program
    .command('sim')
    .description(
      'Serve the built-in simulator (models sim-*) until Ctrl-C: as Ollama, llama-server or an Anthropic-API-only server',
    )
    .option('--backend <backend>', `server to behave like: ${SIM_BACKENDS.join(', ')}`, 'ollama')
    .option('--port <port>', 'port to listen on (default: 11434 for ollama, 8080 for llama-server, 8000 for anthropic)')
    .option('--host <address>', 'address to listen on (loopback by default)', '127.0.0.1')
    .option(
      '--context <tokens>',
      'server context: OLLAMA_CONTEXT_LENGTH for ollama (else by VRAM), `-c` for llama-server and anthropic (default 4096)',
    )
    .addHelpText('after', EXAMPLES)
    .action(async (raw: { backend: string; port?: string; host: string; context?: string }) => {
      if (!(SIM_BACKENDS as readonly string[]).includes(raw.backend))
        throw new UsageError(
          `--backend ${shownValue(raw.backend)}: not a simulator backend${validChoices(raw.backend, SIM_BACKENDS)}`,
        );
      for (const [flag, value] of [
        ['--port', raw.port],
        ['--context', raw.context],
      ] as const) {
        if (value !== undefined && !/^\s*\d+\s*$/.test(value))
          throw new UsageError(`${flag} ${shownValue(value)}: must be a whole number written in decimal digits`);
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new UsageError(describeIssues(parsed.error.issues, raw));
      const { backend, host, context } = parsed.data;
      const port = parsed.data.port ?? DEFAULT_PORTS[backend];
      const contextLength = context ?? (backend === 'ollama' ? simulatorContextLength(process.env) : undefined);
      const sim = await startSimulator({
        backend,
        host,
        port,
        vramBytes: SIM_VRAM_BYTES,
        contextLength,
        keepRequests: false,
      }).catch((error: unknown) => {
        throw new UsageError(listenError(error, host, port, raw.port === undefined));
      });
      process.stdout.write(
        `${NAMES[backend]} simulator listening on ${sim.url} (SIMULATED — not a real model server)\nModels: ${simModelNames().join(', ')}\n${tryLine(backend, sim.url)}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sim.close();
    });
}
