// `bench launch --model X`: from X's measurements, the commands and files that start Claude Code
// in its container with the settings those measurements call for.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultNetworkMode, type NetworkMode } from '../agent/container.js';
import { DEFAULT_CLAUDE_CODE_VERSION, imageTag, packagedDockerfile } from '../agent/image.js';
import { planLaunch, renderAlias, renderCompose, renderDockerRun, renderLaunch, renderServerSettings, type LaunchPlan } from '../agent/launch.js';
import { loadMeasurements } from '../agent/launch-results.js';
import { parseBackend } from './run-options.js';
import { UsageError } from './usage.js';

interface LaunchOptions {
  model: string;
  results: string;
  write?: string;
  ollamaUrl?: string;
  host?: string;
  backend?: string;
  network?: string;
  claudeCodeVersion: string;
  json?: boolean;
}

function parseNetwork(value: string | undefined): NetworkMode {
  if (value === undefined) return defaultNetworkMode();
  if (value === 'host' || value === 'bridge-host-gateway') return value;
  throw new UsageError(`--network "${value}": expected host (Linux) or bridge-host-gateway (Docker Desktop)`);
}

/** Writes compose.yaml, the Dockerfile it builds, a run script, the alias and (when needed) a Modelfile. */
async function writeLaunchFiles(dir: string, plan: LaunchPlan, claudeCodeVersion: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, text: string, mode?: number) => {
    const file = path.join(dir, name);
    await writeFile(file, text, mode === undefined ? undefined : { mode });
    written.push(file);
  };
  await put('compose.yaml', renderCompose(plan, claudeCodeVersion));
  await copyFile(packagedDockerfile(), path.join(dir, 'Dockerfile'));
  written.push(path.join(dir, 'Dockerfile'));
  await put('claude.sh', `#!/bin/sh\n# Claude Code with ${plan.model} in the current directory (bench launch).\nexec ${renderDockerRun(plan)} "$@"\n`, 0o755);
  await put('alias.sh', `${renderAlias(plan)}\n`);
  await put('server-settings.txt', `${renderServerSettings(plan)}\n`);
  if (plan.serverChange?.modelfile) await put('Modelfile', `${plan.serverChange.modelfile}\n`);
  return written;
}

export function register(program: Command): void {
  program
    .command('launch')
    .description("Print (or write) a ready docker run line, shell alias and compose.yaml for Claude Code with a model, with the settings its measurements call for")
    .requiredOption('--model <name>', 'the model, as the server names it (e.g. qwen2.5-coder:32b)')
    .option('--results <dir>', 'where earlier runs are (results/*/run.json)', 'results')
    .option('--write <dir>', 'write compose.yaml, Dockerfile, claude.sh, alias.sh (and a Modelfile when needed) into this directory')
    .option('--host <url>', 'the model server as the container reaches it (default http://localhost:<its port>, or host.docker.internal with Docker Desktop)')
    .option('--ollama-url <url>', 'the same as --host (kept for older scripts)')
    .option('--backend <backend>', `the kind of server: ollama, llama-server or anthropic (default: the one the newest measured run used, else ollama)`)
    .option('--network <mode>', 'host (Linux) or bridge-host-gateway (Docker Desktop); default by platform')
    .option('--claude-code-version <version>', 'Claude Code version of the image', DEFAULT_CLAUDE_CODE_VERSION)
    .option('--json', 'print the settings as JSON')
    .action(async (options: LaunchOptions) => {
      const { measurements, warnings, backend: measuredOn } = await loadMeasurements(options.results, options.model);
      for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
      const chosen = parseBackend(options.backend);
      const plan = planLaunch({
        model: options.model,
        measurements,
        image: imageTag(options.claudeCodeVersion),
        networkMode: parseNetwork(options.network),
        ollamaUrl: options.host ?? options.ollamaUrl,
        backend: chosen === 'auto' ? (measuredOn ?? 'ollama') : chosen,
      });
      if (options.json) process.stdout.write(`${JSON.stringify({ ...plan, measurements }, null, 2)}\n`);
      else process.stdout.write(`${renderLaunch(plan, options.claudeCodeVersion)}\n`);
      if (options.write) {
        const written = await writeLaunchFiles(options.write, plan, options.claudeCodeVersion);
        process.stderr.write(`wrote ${written.join(', ')}\n`);
      }
    });
}
