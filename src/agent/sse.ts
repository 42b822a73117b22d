// Incremental reader of a server-sent-event stream: fed chunks as they pass through the proxy,
// it returns every complete `data:` payload parsed as JSON.

export class SseReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();

  /** Returns the events completed by this chunk (non-JSON payloads are skipped). */
  push(chunk: Uint8Array | string): unknown[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const events: unknown[] = [];
    let end: number;
    while ((end = this.nextBoundary()) >= 0) {
      const raw = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end).replace(/^(\r?\n){2}/, '');
      const data = raw
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (!data) continue;
      try {
        events.push(JSON.parse(data));
      } catch {
        // a keep-alive or a non-JSON payload: nothing to log
      }
    }
    return events;
  }

  private nextBoundary(): number {
    const lf = this.buffer.indexOf('\n\n');
    const crlf = this.buffer.indexOf('\r\n\r\n');
    if (lf < 0) return crlf;
    if (crlf < 0) return lf;
    return Math.min(lf, crlf);
  }
}

/** Parses a whole SSE body (a recording's response) into its JSON events. */
export function parseSse(text: string): unknown[] {
  return new SseReader().push(`${text}\n\n`);
}
