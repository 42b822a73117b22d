// `bench doctor`: gathers facts (hardware, Node, Docker, Ollama) and turns them into one verdict
// per item, judged against the guide's advice. `diagnose` is pure so every verdict is testable.
import { OllamaTarget } from '../targets/ollama.js';
import type { HardwareSummary } from '../types.js';
import { detectHardware } from './detect.js';
import { defaultContextForVram, gpuMemoryBytes } from './fit.js';
import { formatBytes, formatTokens, GiB } from './size.js';

export type VerdictStatus = 'pass' | 'warn' | 'fail';

export interface Verdict {
  item: 'node' | 'ram' | 'gpu' | 'docker' | 'ollama' | 'models' | 'context';
  status: VerdictStatus;
  /** What was found, one line. */
  finding: string;
  /** What to do; present for warn and fail. */
  advice?: string;
}

export interface LoadedModel {
  name: string;
  contextLength: number | null;
}

export type OllamaFacts =
  | { host: string; reachable: true; version: string; models: { name: string; sizeBytes: number }[]; loaded: LoadedModel[] }
  | { host: string; reachable: false; error: string };

export interface DoctorInputs {
  nodeVersion: string;
  hardware: HardwareSummary;
  ollama: OllamaFacts;
  /** OLLAMA_CONTEXT_LENGTH of this shell (the server's own environment may differ). */
  contextLengthEnv: string | undefined;
}

/** The guide: "16GB+ RAM minimum" — 15 GiB allows for memory the firmware and kernel reserve. */
export const MIN_RAM_BYTES = 15 * GiB;
/** The guide: "GPU with 16–24GB VRAM recommended"; 15 GiB allows for rounding of "16 GB" cards. */
export const RECOMMENDED_VRAM_BYTES = 15 * GiB;
/** The guide: "Apple Silicon with 32GB+ unified memory". */
export const RECOMMENDED_UNIFIED_RAM_BYTES = 31 * GiB;
/** The guide: Claude Code is designed for 64K+ tokens of context. */
export const CLAUDE_CODE_CONTEXT = 65536;
export const MIN_NODE_MAJOR = 22;

function nodeVerdict(version: string): Verdict {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
  return major >= MIN_NODE_MAJOR
    ? { item: 'node', status: 'pass', finding: `Node ${version}` }
    : { item: 'node', status: 'fail', finding: `Node ${version} is older than ${MIN_NODE_MAJOR}`, advice: `install Node ${MIN_NODE_MAJOR} or newer to run the harness` };
}

function ramVerdict(hardware: HardwareSummary): Verdict {
  const total = hardware.memory.totalBytes;
  const finding = `${formatBytes(total)} RAM (${formatBytes(hardware.memory.freeBytes)} available), ${hardware.cpu.cores} CPU cores (${hardware.cpu.model})`;
  if (total >= MIN_RAM_BYTES) return { item: 'ram', status: 'pass', finding };
  return { item: 'ram', status: 'warn', finding: `${finding}: below the guide's 16 GB minimum`, advice: 'only small models (≤ 8B at 4-bit) will load; close other programs or add RAM' };
}

function gpuVerdict(hardware: HardwareSummary): Verdict {
  const gpus = hardware.gpus;
  if (gpus.length === 0) {
    return {
      item: 'gpu',
      status: 'warn',
      finding: 'no GPU found: models run on the CPU',
      advice: 'CPU-only works but is slow (a few tokens/s for 8B models); a GPU with 16–24 GB VRAM or Apple Silicon with 32 GB+ is recommended',
    };
  }
  const list = gpus.map((gpu) => `${gpu.vendor} ${gpu.model} (${gpu.vramBytes === null ? 'memory unknown' : formatBytes(gpu.vramBytes)}${gpu.unifiedMemory ? ', unified' : ''})`).join(', ');
  const apple = gpus.find((gpu) => gpu.vendor === 'Apple');
  if (apple) {
    return hardware.memory.totalBytes >= RECOMMENDED_UNIFIED_RAM_BYTES
      ? { item: 'gpu', status: 'pass', finding: `${list}; the GPU can use about ${formatBytes(apple.vramBytes ?? 0)} of unified memory` }
      : { item: 'gpu', status: 'warn', finding: `${list}: below the guide's 32 GB of unified memory`, advice: 'stay with 7–8B models at 4-bit and a small context; 32 GB+ is recommended for 30B coding models' };
  }
  const vram = gpuMemoryBytes(hardware);
  if (vram === null) {
    return { item: 'gpu', status: 'warn', finding: `${list}: the driver does not report VRAM`, advice: 'pass your VRAM explicitly, e.g. `bench recommend --vram 24G`; install the vendor driver (nvidia-smi / rocm-smi) so Ollama can use the GPU' };
  }
  if (vram >= RECOMMENDED_VRAM_BYTES) return { item: 'gpu', status: 'pass', finding: `${list}: ${formatBytes(vram)} VRAM in total` };
  return {
    item: 'gpu',
    status: 'warn',
    finding: `${list}: ${formatBytes(vram)} VRAM, below the recommended 16–24 GB`,
    advice: 'larger models will spill into system RAM and slow down; see `bench recommend` for what fits',
  };
}

function dockerVerdict(hardware: HardwareSummary): Verdict {
  const docker = hardware.docker;
  if (docker.available) return { item: 'docker', status: 'pass', finding: docker.detail };
  return {
    item: 'docker',
    status: 'warn',
    finding: `Docker not usable: ${docker.detail}`,
    advice: 'install Docker (docs.docker.com/get-docker) and start it: the guide runs Claude Code in a container, and the agent suite needs it',
  };
}

function ollamaVerdict(ollama: OllamaFacts): Verdict {
  if (ollama.reachable) return { item: 'ollama', status: 'pass', finding: `Ollama ${ollama.version} at ${ollama.host}` };
  return {
    item: 'ollama',
    status: 'fail',
    finding: `Ollama not reachable at ${ollama.host}: ${ollama.error}`,
    advice: 'install Ollama (ollama.com) and start it (`ollama serve`), or point OLLAMA_HOST / --host at it; `bench run --sim` works without it',
  };
}

function modelsVerdict(ollama: OllamaFacts & { reachable: true }): Verdict {
  if (ollama.models.length === 0) {
    return { item: 'models', status: 'warn', finding: 'no models installed', advice: 'pull one, e.g. `ollama pull llama3.1:8b` (see `bench recommend` for what fits)' };
  }
  const names = ollama.models.map((model) => `${model.name} (${formatBytes(model.sizeBytes)})`).join(', ');
  return { item: 'models', status: 'pass', finding: `${ollama.models.length} installed: ${names}` };
}

/** The context Claude Code will get: what a loaded model runs at, else what the server would default to. */
function contextVerdict(inputs: DoctorInputs): Verdict {
  const loaded = inputs.ollama.reachable ? inputs.ollama.loaded.find((model) => model.contextLength !== null) : undefined;
  let tokens: number;
  let finding: string;
  const fromEnv = Number(inputs.contextLengthEnv);
  if (loaded?.contextLength) {
    tokens = loaded.contextLength;
    finding = `${loaded.name} is loaded with ${formatTokens(tokens)} tokens of context (/api/ps)`;
  } else if (inputs.contextLengthEnv && Number.isInteger(fromEnv) && fromEnv > 0) {
    tokens = fromEnv;
    finding = `OLLAMA_CONTEXT_LENGTH=${fromEnv} in this shell (predicted; the server's own environment decides)`;
  } else {
    const vram = gpuMemoryBytes(inputs.hardware) ?? 0;
    tokens = defaultContextForVram(vram);
    const by = vram > 0 ? `${formatBytes(vram)} of VRAM` : 'no GPU';
    finding = `predicted server default ${formatTokens(tokens)} tokens (Ollama picks it by total VRAM, here ${by}; no model loaded to confirm)`;
  }
  if (tokens >= CLAUDE_CODE_CONTEXT) return { item: 'context', status: 'pass', finding };
  return {
    item: 'context',
    status: 'warn',
    finding: `${finding}: Claude Code is designed for 64K+ and sends ~12–14K tokens before you type anything`,
    advice: `start Ollama with OLLAMA_CONTEXT_LENGTH=${CLAUDE_CODE_CONTEXT} if the model fits (check \`bench recommend --context ${CLAUDE_CODE_CONTEXT}\`); with OLLAMA_FLASH_ATTENTION=1 and OLLAMA_KV_CACHE_TYPE=q8_0 the cache takes about half the memory`,
  };
}

export function diagnose(inputs: DoctorInputs): Verdict[] {
  const verdicts = [nodeVerdict(inputs.nodeVersion), ramVerdict(inputs.hardware), gpuVerdict(inputs.hardware), dockerVerdict(inputs.hardware), ollamaVerdict(inputs.ollama)];
  if (inputs.ollama.reachable) verdicts.push(modelsVerdict(inputs.ollama));
  verdicts.push(contextVerdict(inputs));
  return verdicts;
}

/** Exit code of `bench doctor`: 1 when a check failed that makes testing impossible (Ollama unreachable, Node too old). */
export function doctorExitCode(verdicts: readonly Verdict[]): number {
  return verdicts.some((verdict) => verdict.status === 'fail') ? 1 : 0;
}

/** Asks the Ollama server what it runs; never throws (an unreachable server is a fact to report). */
export async function gatherOllamaFacts(host: string, timeoutMs = 5000): Promise<OllamaFacts> {
  const target = new OllamaTarget({ host, timeoutMs });
  try {
    const version = await target.version();
    const [tags, ps] = await Promise.all([target.list(), target.ps().catch(() => ({ models: [] }))]);
    return {
      host: target.host,
      reachable: true,
      version,
      models: tags.models.map((model) => ({ name: model.name, sizeBytes: model.size })),
      loaded: ps.models.map((model) => {
        const context = (model as { context_length?: unknown }).context_length;
        return { name: model.name, contextLength: typeof context === 'number' ? context : null };
      }),
    };
  } catch (error) {
    return { host: target.host, reachable: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function gatherDoctorInputs(host: string, hardware?: HardwareSummary): Promise<DoctorInputs> {
  const [detected, ollama] = await Promise.all([hardware ?? detectHardware(), gatherOllamaFacts(host)]);
  return { nodeVersion: process.version, hardware: detected, ollama, contextLengthEnv: process.env.OLLAMA_CONTEXT_LENGTH };
}
