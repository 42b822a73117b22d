import { describe, expect, it } from 'vitest';
import { appleGpuBudget, detectDocker, detectHardware, gpuFromController } from '../../src/hardware/detect.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('gpuFromController', () => {
  it('NVIDIA: takes nvidia-smi memoryTotal (MiB) over the PCI vram figure', () => {
    expect(
      gpuFromController(
        {
          vendor: 'NVIDIA Corporation',
          model: 'NVIDIA GeForce RTX 4090',
          vram: 256,
          memoryTotal: 24564,
          vramDynamic: false,
        },
        64 * GiB,
        'x64',
      ),
    ).toEqual({ vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 4090', vramBytes: 24564 * MiB, unifiedMemory: false });
  });

  it('AMD: reads vram', () => {
    expect(
      gpuFromController(
        {
          vendor: 'Advanced Micro Devices, Inc. [AMD/ATI]',
          model: 'Navi 31 [Radeon RX 7900 XTX]',
          vram: 24576,
          vramDynamic: false,
        },
        64 * GiB,
        'x64',
      ),
    ).toMatchObject({ vendor: 'AMD', vramBytes: 24 * GiB, unifiedMemory: false });
  });

  it('Apple Silicon: unified memory, the GPU share of RAM', () => {
    const gpu = gpuFromController(
      { vendor: 'Apple', model: 'Apple M2 Max', vram: null, vramDynamic: true },
      64 * GiB,
      'arm64',
    );
    expect(gpu).toEqual({ vendor: 'Apple', model: 'Apple M2 Max', vramBytes: 48 * GiB, unifiedMemory: true });
    expect(appleGpuBudget(24 * GiB)).toBe(16 * GiB);
  });

  it('unknown VRAM stays null rather than a guess; integrated carve-outs are not VRAM', () => {
    expect(
      gpuFromController({ vendor: 'NVIDIA', model: 'Tesla T4', vram: null }, 16 * GiB, 'x64')?.vramBytes,
    ).toBeNull();
    // Without nvidia-smi, lspci's 256 MiB BAR is not the card's memory.
    expect(
      gpuFromController({ vendor: 'NVIDIA Corporation', model: 'AD102', vram: 256 }, 16 * GiB, 'x64')?.vramBytes,
    ).toBeNull();
    expect(
      gpuFromController(
        { vendor: 'Intel Corporation', model: 'UHD Graphics 620', vram: 128, vramDynamic: true },
        16 * GiB,
        'x64',
      ),
    ).toMatchObject({ vendor: 'Intel', vramBytes: null, unifiedMemory: true });
  });

  it('virtual display adapters are not GPUs', () => {
    expect(gpuFromController({ vendor: 'VMware', model: 'SVGA II Adapter', vram: 16 }, 16 * GiB, 'x64')).toBeNull();
    expect(
      gpuFromController({ vendor: 'Matrox Electronics Systems Ltd.', model: 'MGA G200e', vram: 16 }, 16 * GiB, 'x64'),
    ).toBeNull();
  });
});

describe('detectHardware on this machine', () => {
  it('returns a complete summary without throwing', async () => {
    const hardware = await detectHardware();
    expect(hardware.memory.totalBytes).toBeGreaterThan(0);
    expect(hardware.cpu.cores).toBeGreaterThan(0);
    expect(hardware.os.platform).toBe(process.platform);
    expect(Array.isArray(hardware.gpus)).toBe(true);
    for (const gpu of hardware.gpus) expect(gpu.vramBytes === null || gpu.vramBytes > 0).toBe(true);
    expect(typeof hardware.docker.available).toBe('boolean');
    expect(hardware.docker.detail.length).toBeGreaterThan(0);
  });

  it('reports Docker as unavailable, with a reason, when the command cannot run', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(await detectDocker()).toEqual({ available: false, version: null, detail: 'docker command not found' });
    } finally {
      process.env.PATH = saved;
    }
  });
});
