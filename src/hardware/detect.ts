// What this machine has: CPU, RAM, GPUs with their memory, OS, Docker. Quick and never throws —
// every probe has a timeout and a fallback, because doctor must report even on odd machines.
import si from 'systeminformation';
import { dockerStatus, type DockerStatus } from '../shared/docker.js';
import type { GpuInfo, HardwareSummary } from '../types.js';
import { GiB, MiB } from '../shared/size.js';

export { parseSize, formatBytes } from '../shared/size.js';

const PROBE_TIMEOUT_MS = 4000;
const DOCKER_TIMEOUT_MS = 3000;
const MIN_PLAUSIBLE_VRAM_MIB = 1024;

/** Resolves to `fallback` when `promise` rejects or takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise.catch(() => fallback), timeout]).finally(() => clearTimeout(timer));
}

/** The slice of systeminformation's GraphicsControllerData we read (`vram` and `memoryTotal` in MiB). */
export interface GraphicsController {
  vendor?: string;
  model?: string;
  vram?: number | null;
  vramDynamic?: boolean;
  memoryTotal?: number;
}

function vendorOf(controller: GraphicsController): string {
  const text = `${controller.vendor ?? ''} ${controller.model ?? ''}`;
  if (/nvidia/i.test(text)) return 'NVIDIA';
  if (/\bamd\b|advanced micro devices|\bati\b|radeon/i.test(text)) return 'AMD';
  if (/apple/i.test(text)) return 'Apple';
  if (/intel/i.test(text)) return 'Intel';
  return controller.vendor?.trim() || 'unknown';
}

/**
 * How much of unified memory macOS lets the GPU use (Metal's recommendedMaxWorkingSetSize):
 * about two thirds up to 36 GiB of RAM, three quarters above — an approximation of the default.
 */
export function appleGpuBudget(ramBytes: number): number {
  return Math.floor(ramBytes * (ramBytes <= 36 * GiB ? 2 / 3 : 3 / 4));
}

/** Turns one graphics controller into a GpuInfo; null for virtual display adapters with no compute memory. */
export function gpuFromController(controller: GraphicsController, ramBytes: number, arch: string): GpuInfo | null {
  const vendor = vendorOf(controller);
  const model = controller.model?.trim() || 'unknown GPU';
  if (vendor === 'Apple' || (controller.vramDynamic && arch === 'arm64' && /apple|m\d/i.test(model))) {
    return { vendor: 'Apple', model, vramBytes: appleGpuBudget(ramBytes), unifiedMemory: true };
  }
  // Hypervisor and BMC display adapters (VMware SVGA, QXL, Matrox on servers) cannot run models.
  if (/vmware|virtualbox|qxl|cirrus|bochs|matrox|aspeed|hyper-v|virtio/i.test(`${controller.vendor} ${model}`))
    return null;
  const fromDriver = controller.memoryTotal && controller.memoryTotal > 0 ? controller.memoryTotal : null;
  const mib = fromDriver ?? controller.vram;
  // Integrated GPUs report a small dynamic carve-out, not memory a model could use; without the
  // driver (nvidia-smi) `vram` may be a PCI BAR size (256 MiB), so below 1 GiB it means "unknown".
  const known =
    typeof mib === 'number' && !controller.vramDynamic && (fromDriver !== null || mib >= MIN_PLAUSIBLE_VRAM_MIB);
  return { vendor, model, vramBytes: known ? mib * MiB : null, unifiedMemory: Boolean(controller.vramDynamic) };
}

/** Docker, asked the one way the agent suite asks it (with a short wait: doctor must stay quick). */
export const detectDocker = (timeoutMs = DOCKER_TIMEOUT_MS): Promise<DockerStatus> => dockerStatus(timeoutMs);

export async function detectHardware(): Promise<HardwareSummary> {
  const [cpu, mem, graphics, os, docker] = await Promise.all([
    within(si.cpu(), PROBE_TIMEOUT_MS, null),
    within(si.mem(), PROBE_TIMEOUT_MS, null),
    within(si.graphics(), PROBE_TIMEOUT_MS, null),
    within(si.osInfo(), PROBE_TIMEOUT_MS, null),
    detectDocker(),
  ]);
  const totalBytes = mem?.total ?? 0;
  const arch = os?.arch ?? process.arch;
  const gpus = (graphics?.controllers ?? [])
    .map((controller) => gpuFromController(controller, totalBytes, arch))
    .filter((gpu): gpu is GpuInfo => gpu !== null);
  return {
    cpu: {
      model: cpu ? `${cpu.manufacturer} ${cpu.brand}`.trim() : 'unknown',
      cores: cpu?.cores ?? 0,
      physicalCores: cpu?.physicalCores ?? 0,
    },
    // `available` counts reclaimable cache, which is what a model load can use.
    memory: { totalBytes, freeBytes: mem?.available ?? mem?.free ?? 0 },
    gpus,
    os: { platform: os?.platform ?? process.platform, distro: os?.distro ?? '', release: os?.release ?? '', arch },
    docker,
  };
}
