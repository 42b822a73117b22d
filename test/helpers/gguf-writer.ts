// A minimal GGUF (v3) writer for tests: metadata of the kinds model servers read (strings, u32,
// f32, string and i32 arrays) and F32 tensors. Enough for a server to parse, list and show a model;
// the weights are whatever the caller puts in (zeros are fine: nothing here is meant to generate).
import { writeFileSync } from 'node:fs';

export type GgufValue = string | { u32: number } | { f32: number } | { strings: string[] } | { i32s: number[] };

export interface GgufTensor {
  name: string;
  /** GGUF order: the fastest-varying dimension first (ne[0], ne[1], …). */
  dims: number[];
  data: Float32Array;
}

const TYPE = { UINT32: 4, INT32: 5, FLOAT32: 6, STRING: 8, ARRAY: 9 } as const;
const ALIGNMENT = 32;
const F32 = 0;

class Bytes {
  private readonly parts: Buffer[] = [];
  length = 0;
  private push(buffer: Buffer): void {
    this.parts.push(buffer);
    this.length += buffer.length;
  }
  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.push(b);
  }
  i32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    this.push(b);
  }
  u64(value: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.push(b);
  }
  f32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.push(b);
  }
  string(value: string): void {
    const text = Buffer.from(value, 'utf8');
    this.u64(text.length);
    this.push(text);
  }
  raw(buffer: Buffer): void {
    this.push(buffer);
  }
  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad) this.push(Buffer.alloc(pad));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function writeValue(out: Bytes, value: GgufValue): void {
  if (typeof value === 'string') {
    out.u32(TYPE.STRING);
    out.string(value);
  } else if ('u32' in value) {
    out.u32(TYPE.UINT32);
    out.u32(value.u32);
  } else if ('f32' in value) {
    out.u32(TYPE.FLOAT32);
    out.f32(value.f32);
  } else if ('strings' in value) {
    out.u32(TYPE.ARRAY);
    out.u32(TYPE.STRING);
    out.u64(value.strings.length);
    for (const s of value.strings) out.string(s);
  } else {
    out.u32(TYPE.ARRAY);
    out.u32(TYPE.INT32);
    out.u64(value.i32s.length);
    for (const n of value.i32s) out.i32(n);
  }
}

export function ggufBytes(metadata: Record<string, GgufValue>, tensors: readonly GgufTensor[]): Buffer {
  const out = new Bytes();
  out.u32(0x46554747); // "GGUF"
  out.u32(3);
  out.u64(tensors.length);
  out.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    out.string(key);
    writeValue(out, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of tensors) {
    const elements = tensor.dims.reduce((a, b) => a * b, 1);
    if (elements !== tensor.data.length)
      throw new Error(
        `tensor ${tensor.name}: dims ${tensor.dims.join('x')} hold ${elements} values, data has ${tensor.data.length}`,
      );
    out.string(tensor.name);
    out.u32(tensor.dims.length);
    for (const d of tensor.dims) out.u64(d);
    out.u32(F32);
    out.u64(offset);
    offsets.push(offset);
    offset += Math.ceil((elements * 4) / ALIGNMENT) * ALIGNMENT;
  }
  out.padTo(ALIGNMENT);
  for (const tensor of tensors) {
    out.raw(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    out.padTo(ALIGNMENT);
  }
  return out.toBuffer();
}

/** A one-block llama-architecture GGUF with a 4-token vocabulary: parses and lists, does not generate. */
export function tinyLlamaGguf(options: { contextLength: number; embedding?: number }): Buffer {
  const embd = options.embedding ?? 64;
  const tokens = ['a', 'b', 'c', '</s>'];
  return ggufBytes(
    {
      'general.architecture': 'llama',
      'general.name': 'tiny-api-test',
      'general.file_type': { u32: 0 },
      'llama.context_length': { u32: options.contextLength },
      'llama.embedding_length': { u32: embd },
      'llama.block_count': { u32: 1 },
      'llama.feed_forward_length': { u32: embd * 2 },
      'llama.attention.head_count': { u32: 4 },
      'llama.attention.head_count_kv': { u32: 4 },
      'llama.attention.layer_norm_rms_epsilon': { f32: 1e-5 },
      'tokenizer.ggml.model': 'gpt2',
      'tokenizer.ggml.tokens': { strings: tokens },
      'tokenizer.ggml.token_type': { i32s: [1, 1, 1, 3] },
      'tokenizer.ggml.merges': { strings: ['a b'] },
      'tokenizer.ggml.eos_token_id': { u32: 3 },
    },
    [
      { name: 'token_embd.weight', dims: [embd, tokens.length], data: new Float32Array(embd * tokens.length) },
      { name: 'output_norm.weight', dims: [embd], data: new Float32Array(embd).fill(1) },
    ],
  );
}

export function writeTinyLlamaGguf(path: string, options: { contextLength: number }): Buffer {
  const bytes = tinyLlamaGguf(options);
  writeFileSync(path, bytes);
  return bytes;
}
