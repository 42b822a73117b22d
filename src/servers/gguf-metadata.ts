// Reads the metadata key/values at the head of a GGUF file (the format llama.cpp and Ollama serve),
// for servers that do not report a model's architecture themselves (llama-server names only its
// file, in /props model_path). Large arrays (the tokenizer's vocabulary) are skipped, not kept.
import { open } from 'node:fs/promises';

/** GGUF value types (gguf.h). */
const TYPE = {
  U8: 0,
  I8: 1,
  U16: 2,
  I16: 3,
  U32: 4,
  I32: 5,
  F32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  U64: 10,
  I64: 11,
  F64: 12,
} as const;
const FIXED_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
/** Arrays longer than this (vocabularies, merges) are skipped: metadata needs only per-layer arrays. */
const MAX_KEPT_ARRAY = 4096;
/** The head read: metadata comes before tensor data; vocabularies of ~150K tokens take a few MiB. */
const HEAD_BYTES = 32 * 1024 * 1024;

class OutOfData extends Error {}

class Reader {
  offset = 0;
  constructor(private readonly buffer: Buffer) {}
  private need(bytes: number): void {
    if (this.offset + bytes > this.buffer.length) throw new OutOfData();
  }
  u32(): number {
    this.need(4);
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }
  u64(): number {
    this.need(8);
    const value = Number(this.buffer.readBigUInt64LE(this.offset));
    this.offset += 8;
    return value;
  }
  string(): string {
    const length = this.u64();
    this.need(length);
    const text = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }
  skip(bytes: number): void {
    this.need(bytes);
    this.offset += bytes;
  }
  scalar(type: number): unknown {
    const size = FIXED_SIZE[type];
    if (type === TYPE.STRING) return this.string();
    if (size === undefined) throw new Error(`unknown GGUF value type ${type}`);
    this.need(size);
    const at = this.offset;
    this.offset += size;
    const b = this.buffer;
    switch (type) {
      case TYPE.U8:
        return b.readUInt8(at);
      case TYPE.I8:
        return b.readInt8(at);
      case TYPE.U16:
        return b.readUInt16LE(at);
      case TYPE.I16:
        return b.readInt16LE(at);
      case TYPE.U32:
        return b.readUInt32LE(at);
      case TYPE.I32:
        return b.readInt32LE(at);
      case TYPE.F32:
        return b.readFloatLE(at);
      case TYPE.BOOL:
        return b.readUInt8(at) !== 0;
      case TYPE.U64:
        return Number(b.readBigUInt64LE(at));
      case TYPE.I64:
        return Number(b.readBigInt64LE(at));
      default:
        return b.readDoubleLE(at);
    }
  }
  value(type: number): unknown {
    if (type !== TYPE.ARRAY) return this.scalar(type);
    const itemType = this.u32();
    const count = this.u64();
    if (count > MAX_KEPT_ARRAY) {
      if (itemType === TYPE.STRING) for (let i = 0; i < count; i++) this.skip(this.u64());
      else this.skip(count * (FIXED_SIZE[itemType] ?? 0));
      return null;
    }
    return Array.from({ length: count }, () => this.value(itemType));
  }
}

/** Metadata of a GGUF held in memory; keys beyond the buffer's end are left out. */
export function parseGgufMetadata(buffer: Buffer): Record<string, unknown> {
  const reader = new Reader(buffer);
  if (buffer.length < 4 || buffer.toString('latin1', 0, 4) !== 'GGUF')
    throw new Error('not a GGUF file (no GGUF magic)');
  reader.skip(4);
  const version = reader.u32();
  if (version < 2) throw new Error(`GGUF version ${version} is not supported`);
  reader.u64(); // tensor count
  const count = reader.u64();
  const metadata: Record<string, unknown> = {};
  try {
    for (let i = 0; i < count; i++) {
      const key = reader.string();
      metadata[key] = reader.value(reader.u32());
    }
  } catch (error) {
    if (!(error instanceof OutOfData)) throw error;
  }
  return metadata;
}

/** Metadata of the GGUF at `path` (its head only). */
export async function readGgufMetadata(path: string): Promise<Record<string, unknown>> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const buffer = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await file.read(buffer, 0, buffer.length, 0);
    return parseGgufMetadata(buffer);
  } finally {
    await file.close();
  }
}
