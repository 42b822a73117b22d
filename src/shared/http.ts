// Small helpers shared by the harness's own HTTP servers (the recording proxy, the simulator): no harness knowledge.
import type { IncomingMessage } from 'node:http';

/** The whole request body, as bytes (the proxy forwards them unchanged; the simulator decodes them). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
