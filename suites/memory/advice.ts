// What to tell the user when a model does not fit: concrete settings computed from the fit maths,
// in the words of the server that runs the model (its ServerAdvice: Ollama's variables,
// llama-server's flags).
import { maxContextInVram, type ModelArchitecture } from '../../src/hardware/fit.js';
import type { ServerAdvice } from '../../src/servers/types.js';
import { formatBytes, formatTokens } from '../../src/shared/size.js';

/** The inputs the fit maths needs for one model on one GPU budget. */
export interface FitInputs {
  arch: ModelArchitecture;
  weightsBytes: number;
  vramBytes: number;
}

/** Options that would make `wantedContext` (or as much as possible) fit, best first. */
export function fitAdvice(fit: FitInputs, wantedContext: number, server: ServerAdvice): string {
  const f16 = maxContextInVram(fit.arch, fit.weightsBytes, fit.vramBytes, 'f16');
  const q8 = maxContextInVram(fit.arch, fit.weightsBytes, fit.vramBytes, 'q8_0');
  const q4 = maxContextInVram(fit.arch, fit.weightsBytes, fit.vramBytes, 'q4_0');
  if (q4 === 0) {
    return `the weights alone (${formatBytes(fit.weightsBytes)}) do not fit in ${formatBytes(fit.vramBytes)} of VRAM: use a smaller quantization tag (e.g. q3_K_M instead of q4_K_M) or a smaller model; otherwise it runs partly on the CPU, several times slower`;
  }
  const steps: string[] = [];
  if (q8 >= wantedContext)
    steps.push(
      `${server.kvCacheType('q8_0')}: ${formatTokens(wantedContext)} tokens then fit (up to ${formatTokens(q8)})`,
    );
  else if (q4 >= wantedContext)
    steps.push(`${server.kvCacheType('q4_0')}: fits up to ${formatTokens(q4)}; q4_0 costs some accuracy`);
  if (f16 > 0)
    steps.push(
      `or lower the context to ${formatTokens(f16)} (${server.contextSetting(f16)}; ${formatTokens(q8)} with a q8_0 cache)`,
    );
  steps.push('or use a smaller quantization or model');
  return steps.join('; ');
}
