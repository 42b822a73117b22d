// Writing a generation out, streamed or whole, with the stream faults applied half-way through:
// the one place that knows what `truncate`, `reset`, `stall`, `invalid-line` and `huge` do.
import type { ServerResponse } from 'node:http';
import type { FaultKind } from './faults.js';
import {
  decode,
  hugePieces,
  type GenerationTimings,
  type Metrics,
  type OutputPiece,
  type PreparedGeneration,
} from './generation.js';
import { startStream } from './wire.js';

export type StreamFault = Extract<FaultKind, 'truncate' | 'reset' | 'stall' | 'invalid-line' | 'huge'> | null;

export interface StreamFormat {
  contentType: string;
  piece(piece: OutputPiece): string;
  done(metrics: Metrics, doneReason: string, timings: GenerationTimings): string;
  /** A line a client cannot parse, for `invalid-line`. */
  garbage: string;
}

export interface WholeFormat {
  build(pieces: OutputPiece[], metrics: Metrics, doneReason: string, timings: GenerationTimings): unknown;
}

/** Waits until the client goes away or the simulator closes (the `stall` fault holds the socket open). */
function untilClosed(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed || signal.aborted) return resolve();
    res.once('close', () => resolve());
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function write(res: ServerResponse, text: string): void {
  if (!res.destroyed && !res.writableEnded) res.write(text);
}

function prepareForFault(prepared: PreparedGeneration, fault: StreamFault): boolean {
  if (fault !== 'huge') return false;
  prepared.pieces = hugePieces();
  prepared.doneReason = 'stop';
  return true;
}

export async function streamGeneration(
  res: ServerResponse,
  prepared: PreparedGeneration,
  format: StreamFormat,
  fault: StreamFault,
  signal: AbortSignal,
): Promise<void> {
  const fast = prepareForFault(prepared, fault);
  const faultAt = Math.floor(prepared.pieces.length / 2);
  startStream(res, format.contentType);
  for await (const event of decode(prepared, signal, fast)) {
    if (event.type === 'done') {
      write(res, format.done(event.metrics, event.doneReason, event.timings));
      break;
    }
    if (event.index === faultAt) {
      if (fault === 'truncate') return void res.end();
      if (fault === 'reset') return void res.destroy();
      if (fault === 'stall') return untilClosed(res, signal);
      if (fault === 'invalid-line') write(res, format.garbage);
    }
    write(res, format.piece(event.piece));
  }
  if (!res.writableEnded) res.end();
}

export async function respondWhole(
  res: ServerResponse,
  prepared: PreparedGeneration,
  format: WholeFormat,
  fault: StreamFault,
  signal: AbortSignal,
): Promise<void> {
  const fast = prepareForFault(prepared, fault);
  const pieces: OutputPiece[] = [];
  for await (const event of decode(prepared, signal, fast)) {
    if (event.type === 'piece') {
      pieces.push(event.piece);
      continue;
    }
    const body = JSON.stringify(format.build(pieces, event.metrics, event.doneReason, event.timings));
    if (res.destroyed) return;
    if (fault === 'truncate' || fault === 'reset' || fault === 'stall') {
      // Only half the body comes: a chunked body that ends early, or a promised length never delivered.
      const length = fault === 'truncate' ? {} : { 'Content-Length': Buffer.byteLength(body) };
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...length });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      if (fault === 'truncate') res.end();
      else if (fault === 'reset') res.destroy();
      else await untilClosed(res, signal);
      return;
    }
    const text = fault === 'invalid-line' ? `<<garbage>>${body}` : body;
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }
}
