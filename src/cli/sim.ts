// `bench sim`: serve the Ollama simulator alone, so Claude Code, curl or `bench run` can talk to it.
import type { Command } from 'commander';
import { z } from 'zod';
import { startSimulator } from '../sim/server.js';
import { simModelNames } from '../sim/profiles/index.js';
import { SIM_VRAM_BYTES, simulatorContextLength } from './simulator-settings.js';
import { UsageError, describeIssues } from './usage.js';

const schema = z.object({
  port: z.coerce.number({ message: 'must be a number' }).int().min(0).max(65_535, 'must be a TCP port (0-65535)'),
  host: z.string().min(1),
});

export function register(program: Command): void {
  program
    .command('sim')
    .description('Serve the built-in Ollama simulator (models sim-*) until Ctrl-C')
    .option('--port <port>', 'port to listen on', '11434')
    .option('--host <address>', 'address to listen on (loopback by default)', '127.0.0.1')
    .action(async (raw: { port: string; host: string }) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new UsageError(describeIssues(parsed.error.issues));
      const sim = await startSimulator({ host: parsed.data.host, port: parsed.data.port, vramBytes: SIM_VRAM_BYTES, contextLength: simulatorContextLength(process.env) });
      process.stdout.write(`Ollama simulator listening on ${sim.url} (SIMULATED — not a real model server)\nModels: ${simModelNames().join(', ')}\nTry: OLLAMA_HOST=${sim.url} bench run --models sim-good\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sim.close();
    });
}
