import { describe, expect, it } from 'vitest';
import { parseGgufMetadata } from '../../src/servers/gguf-metadata.js';

/** A GGUF head written by hand, the way gguf-py lays it out: magic, version, counts, then key/values. */
function gguf(entries: [string, number, (b: Writer) => void][]): Buffer {
  const w = new Writer();
  w.raw(Buffer.from('GGUF', 'latin1'));
  w.u32(3);
  w.u64(0);
  w.u64(entries.length);
  for (const [key, type, write] of entries) {
    w.string(key);
    w.u32(type);
    write(w);
  }
  return w.buffer();
}

class Writer {
  private parts: Buffer[] = [];
  raw(b: Buffer) {
    this.parts.push(b);
  }
  u32(v: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.raw(b);
  }
  i32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.raw(b);
  }
  u64(v: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.raw(b);
  }
  f32(v: number) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.raw(b);
  }
  string(s: string) {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.raw(b);
  }
  buffer() {
    return Buffer.concat(this.parts);
  }
}

const STRING = 8,
  U32 = 4,
  I32 = 5,
  F32 = 6,
  ARRAY = 9;

describe('parseGgufMetadata', () => {
  const vocabulary = Array.from({ length: 5000 }, (_, i) => `tok${i}`);
  const file = gguf([
    ['general.architecture', STRING, (w) => w.string('qwen2')],
    ['qwen2.block_count', U32, (w) => w.u32(6)],
    ['qwen2.context_length', U32, (w) => w.u32(32768)],
    ['qwen2.attention.layer_norm_rms_epsilon', F32, (w) => w.f32(0.5)],
    [
      'hybrid.attention.head_count_kv',
      ARRAY,
      (w) => {
        w.u32(I32);
        w.u64(4);
        for (const v of [8, 0, 0, 8]) w.i32(v);
      },
    ],
    [
      'tokenizer.ggml.tokens',
      ARRAY,
      (w) => {
        w.u32(STRING);
        w.u64(vocabulary.length);
        for (const t of vocabulary) w.string(t);
      },
    ],
    ['tokenizer.ggml.eos_token_id', U32, (w) => w.u32(151645)],
  ]);

  it('reads scalars and short arrays, and skips vocabulary-sized arrays', () => {
    const metadata = parseGgufMetadata(file);
    expect(metadata['general.architecture']).toBe('qwen2');
    expect(metadata['qwen2.block_count']).toBe(6);
    expect(metadata['qwen2.context_length']).toBe(32768);
    expect(metadata['qwen2.attention.layer_norm_rms_epsilon']).toBe(0.5);
    expect(metadata['hybrid.attention.head_count_kv']).toEqual([8, 0, 0, 8]);
    expect(metadata['tokenizer.ggml.tokens']).toBeNull();
    // A key after the skipped array is still read: the skip moved past it exactly.
    expect(metadata['tokenizer.ggml.eos_token_id']).toBe(151645);
  });

  it('keeps what came before the end of a cut-off head', () => {
    const metadata = parseGgufMetadata(file.subarray(0, file.length - 20_000));
    expect(metadata['qwen2.block_count']).toBe(6);
    expect(metadata['tokenizer.ggml.eos_token_id']).toBeUndefined();
  });

  it('refuses a file that is not GGUF', () => {
    expect(() => parseGgufMetadata(Buffer.from('PK\u0003\u0004 not a model'))).toThrow(/not a GGUF file/);
  });
});
