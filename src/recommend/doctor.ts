// `bench doctor`: gathers facts (hardware, Node, Docker, Ollama) and turns them into one verdict
// per item, judged against the guide's advice. `diagnose` is pure so every verdict is testable.
import { adviceFor, connectServer } from '../servers/registry.js';
import type { BackendChoice, BackendId } from '../servers/types.js';
import type { HardwareSummary } from '../types.js';
import { detectHardware } from '../hardware/detect.js';
import { defaultContextForGpus, gpuMemoryBytes } from '../hardware/fit.js';
import { formatBytes, formatTokens, GiB } from '../shared/size.js';
import { errorMessage } from '../shared/errors.js';
import { suitesFlag } from '../report/metrics.js';

export type VerdictStatus = 'pass' | 'warn' | 'fail';

export interface Verdict {
  item: 'node' | 'ram' | 'gpu' | 'docker' | 'server' | 'models' | 'context';
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

/** What the model server at --host answered (Ollama, llama-server or an Anthropic-compatible one). */
export type ServerFacts =
  | {
      host: string;
      reachable: true;
      backend: BackendId;
      detectedBy: string;
      version: string | null;
      models: { name: string; sizeBytes: number | null }[];
      loaded: LoadedModel[];
    }
  | { host: string; reachable: false; error: string };
/** @deprecated the name from before backends. */
export type OllamaFacts = ServerFacts;

export interface DoctorInputs {
  nodeVersion: string;
  hardware: HardwareSummary;
  server: ServerFacts;
  /** OLLAMA_CONTEXT_LENGTH of this shell (the server's own environment may differ). */
  contextLengthEnv: string | undefined;
  /** OLLAMA_GPU_OVERHEAD of this shell (bytes reserved per GPU; Ollama subtracts it before picking its default context). */
  gpuOverheadEnv?: string | undefined;
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
    : {
        item: 'node',
        status: 'fail',
        finding: `Node ${version} is older than ${MIN_NODE_MAJOR}`,
        advice: `install Node ${MIN_NODE_MAJOR} or newer to run the harness`,
      };
}

function ramVerdict(hardware: HardwareSummary): Verdict {
  const total = hardware.memory.totalBytes;
  const finding = `${formatBytes(total)} RAM (${formatBytes(hardware.memory.freeBytes)} available), ${hardware.cpu.cores} CPU cores (${hardware.cpu.model})`;
  if (total >= MIN_RAM_BYTES) return { item: 'ram', status: 'pass', finding };
  return {
    item: 'ram',
    status: 'warn',
    finding: `${finding}: below the guide's 16 GB minimum`,
    advice: 'only small models (≤ 8B at 4-bit) will load; close other programs or add RAM',
  };
}

function gpuVerdict(hardware: HardwareSummary): Verdict {
  const gpus = hardware.gpus;
  if (gpus.length === 0) {
    return {
      item: 'gpu',
      status: 'warn',
      finding: 'no GPU found: models run on the CPU',
      advice:
        'CPU-only works but is slow (a few tokens/s for 8B models); a GPU with 16–24 GB VRAM or Apple Silicon with 32 GB+ is recommended',
    };
  }
  const list = gpus
    .map(
      (gpu) =>
        `${gpu.vendor} ${gpu.model} (${gpu.vramBytes === null ? 'memory unknown' : formatBytes(gpu.vramBytes)}${gpu.unifiedMemory ? ', unified' : ''})`,
    )
    .join(', ');
  const apple = gpus.find((gpu) => gpu.vendor === 'Apple');
  if (apple) {
    return hardware.memory.totalBytes >= RECOMMENDED_UNIFIED_RAM_BYTES
      ? {
          item: 'gpu',
          status: 'pass',
          finding: `${list}; the GPU can use about ${formatBytes(apple.vramBytes ?? 0)} of unified memory`,
        }
      : {
          item: 'gpu',
          status: 'warn',
          finding: `${list}: below the guide's 32 GB of unified memory`,
          advice: 'stay with 7–8B models at 4-bit and a small context; 32 GB+ is recommended for 30B coding models',
        };
  }
  const vram = gpuMemoryBytes(hardware);
  if (vram === null) {
    return {
      item: 'gpu',
      status: 'warn',
      finding: `${list}: the driver does not report VRAM`,
      advice:
        'pass your VRAM explicitly, e.g. `bench recommend --vram 24G`; install the vendor driver (nvidia-smi / rocm-smi) so Ollama can use the GPU',
    };
  }
  if (vram >= RECOMMENDED_VRAM_BYTES)
    return { item: 'gpu', status: 'pass', finding: `${list}: ${formatBytes(vram)} VRAM in total` };
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
    advice:
      'install Docker (docs.docker.com/get-docker) and start it: the guide runs Claude Code in a container, and the agent suite needs it',
  };
}

const SERVER_NAMES: Record<BackendId, string> = {
  ollama: 'Ollama',
  'llama-server': 'llama-server',
  anthropic: 'Anthropic-compatible server',
};

function serverVerdict(server: ServerFacts): Verdict {
  if (server.reachable)
    return {
      item: 'server',
      status: 'pass',
      finding: `${SERVER_NAMES[server.backend]} ${server.version ?? '(version not reported)'} at ${server.host} (${server.detectedBy})`,
    };
  return {
    item: 'server',
    status: 'fail',
    finding: `no model server reachable at ${server.host}: ${server.error}`,
    advice:
      'start Ollama (`ollama serve`, ollama.com) or llama-server (`llama-server -m MODEL.gguf -c 65536 -np 1 --jinja`), or point --host / OLLAMA_HOST at your server; `bench run --sim` works without one',
  };
}

function modelsVerdict(server: ServerFacts & { reachable: true }): Verdict {
  if (server.models.length === 0) {
    return {
      item: 'models',
      status: 'warn',
      finding: 'no models installed',
      advice: `${adviceFor(server.backend).installModel('llama3.1:8b')} (see \`bench recommend\` for what fits)`,
    };
  }
  const names = server.models
    .map((model) => (model.sizeBytes ? `${model.name} (${formatBytes(model.sizeBytes)})` : model.name))
    .join(', ');
  return { item: 'models', status: 'pass', finding: `${server.models.length} installed: ${names}` };
}

/** The context Claude Code will get: what a loaded model runs at, else what the server would default to. */
function contextVerdict(inputs: DoctorInputs): Verdict {
  const loaded = inputs.server.reachable
    ? inputs.server.loaded.find((model) => model.contextLength !== null)
    : undefined;
  const backend = inputs.server.reachable ? inputs.server.backend : 'ollama';
  let tokens: number;
  let finding: string;
  const fromEnv = Number(inputs.contextLengthEnv);
  if (loaded?.contextLength) {
    tokens = loaded.contextLength;
    finding = `${loaded.name} is loaded with ${formatTokens(tokens)} tokens of context (${backend === 'ollama' ? '/api/ps' : '/props, per slot'})`;
  } else if (backend !== 'ollama') {
    return {
      item: 'context',
      status: 'warn',
      finding: `${SERVER_NAMES[backend]} does not report the context it serves`,
      advice: `measure it: \`bench run --backend ${backend}${suitesFlag('servedContext')}\``,
    };
  } else if (inputs.contextLengthEnv && Number.isInteger(fromEnv) && fromEnv > 0) {
    tokens = fromEnv;
    finding = `OLLAMA_CONTEXT_LENGTH=${fromEnv} in this shell (predicted; the server's own environment decides)`;
  } else {
    // server/routes.go: the sum over GPUs of total memory minus OLLAMA_GPU_OVERHEAD picks the tier.
    const overhead = Number(inputs.gpuOverheadEnv);
    const overheadBytes = inputs.gpuOverheadEnv && Number.isInteger(overhead) && overhead > 0 ? overhead : 0;
    const gpus = inputs.hardware.gpus
      .map((gpu) => gpu.vramBytes)
      .filter((bytes): bytes is number => typeof bytes === 'number' && bytes > 0);
    tokens = defaultContextForGpus(gpus, overheadBytes);
    const vram = gpus.reduce((sum, bytes) => sum + Math.max(0, bytes - overheadBytes), 0);
    const by =
      vram > 0
        ? `${formatBytes(vram)} of VRAM${overheadBytes ? ` after OLLAMA_GPU_OVERHEAD=${overheadBytes} per GPU` : ''}`
        : 'no GPU';
    finding = `predicted server default ${formatTokens(tokens)} tokens (Ollama picks it by the total memory of all GPUs, here ${by}, and lowers it one step, 256K → 32K or 32K → 4K, only if that load runs out of memory; no model loaded to confirm)`;
  }
  if (tokens >= CLAUDE_CODE_CONTEXT) return { item: 'context', status: 'pass', finding };
  if (backend !== 'ollama') {
    return {
      item: 'context',
      status: 'warn',
      finding: `${finding}: Claude Code is designed for 64K+ and sends ~12–14K tokens before you type anything`,
      advice: `${adviceFor(backend).raiseContext(loaded?.name ?? 'MODEL', CLAUDE_CODE_CONTEXT)} if the model fits (check \`bench recommend --context ${CLAUDE_CODE_CONTEXT}\`)`,
    };
  }
  return {
    item: 'context',
    status: 'warn',
    finding: `${finding}: Claude Code is designed for 64K+ and sends ~12–14K tokens before you type anything`,
    advice: `start Ollama with OLLAMA_CONTEXT_LENGTH=${CLAUDE_CODE_CONTEXT} if the model fits (check \`bench recommend --context ${CLAUDE_CODE_CONTEXT}\`): Ollama keeps an explicit context and runs the layers that do not fit on the CPU instead of shrinking it; OLLAMA_KV_CACHE_TYPE=q8_0 halves the cache (flash attention is on by default; do not set OLLAMA_FLASH_ATTENTION=0 with it)`,
  };
}

export function diagnose(inputs: DoctorInputs): Verdict[] {
  const verdicts = [
    nodeVerdict(inputs.nodeVersion),
    ramVerdict(inputs.hardware),
    gpuVerdict(inputs.hardware),
    dockerVerdict(inputs.hardware),
    serverVerdict(inputs.server),
  ];
  if (inputs.server.reachable) verdicts.push(modelsVerdict(inputs.server));
  verdicts.push(contextVerdict(inputs));
  return verdicts;
}

/** Exit code of `bench doctor`: 1 when a check failed that makes testing impossible (Ollama unreachable, Node too old). */
export function doctorExitCode(verdicts: readonly Verdict[]): number {
  return verdicts.some((verdict) => verdict.status === 'fail') ? 1 : 0;
}

/** Asks the model server what it runs (detected, or the backend named); never throws (an unreachable server is a fact to report). */
export async function gatherServerFacts(
  host: string,
  timeoutMs = 5000,
  backend: BackendChoice = 'auto',
): Promise<ServerFacts> {
  const shown = host.replace(/\/+$/, '');
  try {
    const { server, detection } = await connectServer(backend, { host, timeoutMs });
    const [version, models] = await Promise.all([server.version().catch(() => null), server.listModels()]);
    // The context each listed model is served at, where the server says (Ollama: loaded models only).
    const contexts = server.capabilities.loadedContext
      ? await Promise.all(models.slice(0, 8).map((m) => server.loadedContext(m.name).catch(() => null)))
      : [];
    const loaded: LoadedModel[] = models
      .slice(0, contexts.length)
      .flatMap((m, index) => (contexts[index] === null ? [] : [{ name: m.name, contextLength: contexts[index] }]));
    return {
      host: server.host,
      reachable: true,
      backend: server.backend,
      detectedBy: detection.evidence,
      version,
      models: models.map((m) => ({ name: m.name, sizeBytes: m.sizeBytes })),
      loaded,
    };
  } catch (error) {
    return { host: shown, reachable: false, error: errorMessage(error) };
  }
}

/** @deprecated the name from before backends. */
export const gatherOllamaFacts = gatherServerFacts;

export async function gatherDoctorInputs(
  host: string,
  hardware?: HardwareSummary,
  backend: BackendChoice = 'auto',
): Promise<DoctorInputs> {
  const [detected, server] = await Promise.all([hardware ?? detectHardware(), gatherServerFacts(host, 5000, backend)]);
  return {
    nodeVersion: process.version,
    hardware: detected,
    server,
    contextLengthEnv: process.env.OLLAMA_CONTEXT_LENGTH,
    gpuOverheadEnv: process.env.OLLAMA_GPU_OVERHEAD,
  };
}
