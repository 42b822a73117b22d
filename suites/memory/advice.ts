// What to tell the user when a model does not fit: concrete settings computed from the fit maths.
// OLLAMA_KV_CACHE_TYPE goes straight to llama-server's --cache-type-k/-v, and flash attention is
// `auto` by default (Ollama llm/llama_server.go), which llama.cpp turns on for a quantized cache:
// the advice no longer asks for OLLAMA_FLASH_ATTENTION=1.
import { maxContextInVram, type ModelArchitecture } from '../../src/hardware/fit.js';
import { formatBytes, formatTokens } from '../../src/shared/size.js';

/** The inputs the fit maths needs for one model on one GPU budget. */
export interface FitInputs {
  arch: ModelArchitecture;
  weightsBytes: number;
  vramBytes: number;
}

/** Options that would make `wantedContext` (or as much as possible) fit, best first. */
export function fitAdvice(fit: FitInputs, wantedContext: number): string {
  const f16 = maxContextInVram(fit.arch, fit.weightsBytes, fit.vramBytes, 'f16');
  const q8 = maxContextInVram(fit.arch, fit.weightsBytes, fit.vramBytes, 'q8_0');
  const q4 = maxContextInVram(fit.arch, fit.weightsBytes, fit.vramBytes, 'q4_0');
  if (q4 === 0) {
    return `the weights alone (${formatBytes(fit.weightsBytes)}) do not fit in ${formatBytes(fit.vramBytes)} of VRAM: use a smaller quantization tag (e.g. q3_K_M instead of q4_K_M) or a smaller model; otherwise it runs partly on the CPU, several times slower`;
  }
  const steps: string[] = [];
  if (q8 >= wantedContext)
    steps.push(
      `set OLLAMA_KV_CACHE_TYPE=q8_0 on the Ollama server (flash attention, on by default, is needed: leave OLLAMA_FLASH_ATTENTION unset): ${formatTokens(wantedContext)} tokens then fit (up to ${formatTokens(q8)})`,
    );
  else if (q4 >= wantedContext)
    steps.push(
      `set OLLAMA_KV_CACHE_TYPE=q4_0 on the Ollama server (fits up to ${formatTokens(q4)}; q4_0 costs some accuracy; leave OLLAMA_FLASH_ATTENTION unset)`,
    );
  if (f16 > 0)
    steps.push(
      `or lower the context to ${formatTokens(f16)} (OLLAMA_CONTEXT_LENGTH=${f16}; ${formatTokens(q8)} with a q8_0 cache)`,
    );
  steps.push('or use a smaller quantization or model');
  return steps.join('; ');
}
