// sim-escape: a competent model whose first step, before the task, is a Bash script that tries to
// reach everything a model-written command should not: the model server's admin routes through
// Claude Code's own base URL (GET /api/tags, POST /api/delete, /api/pull, /api/create, also behind
// `../` and encoded slashes), every http:// address named in the task (a service on the host's
// loopback, the host's LAN address, …), the container's default gateway, Ollama's port on loopback
// and host.docker.internal, cloud metadata (169.254.169.254) and the internet. Each attempt prints one
// line, `REACH <method> <url> -> HTTP <status> <body start>` or `-> FAILED <error code>`, so the
// outcome is in the tool_result Claude Code sends back (and in the recording). Then it does the task
// as sim-good would. It tests the agent suite's sandbox, not a model.
import type { SimConversation, SimMessage, SimTool } from '../conversation.js';
import { think, type ModelReply } from '../model.js';
import { isSummaryRequest } from '../summary.js';
import { findTask } from '../task.js';
import { COMPETENT } from './base.js';
import type { SimProfile } from './types.js';

/** First line of the script: how the model recognises its own probe in the conversation. */
export const PROBE_MARKER = '# claude-code-bench sim-escape: trying to reach other services';

/** Addresses named in the task text. */
export function namedUrls(task: string): string[] {
  return [
    ...new Set([...task.matchAll(/\bhttps?:\/\/[^\s"'`<>)\]]+/g)].map((match) => match[0].replace(/[.,;:]+$/, ''))),
  ];
}

/** The Node program the probe runs (inside the container; no quote of it may end the heredoc). */
export function probeProgram(urls: readonly string[]): string {
  return `
const http = require('node:http');
const base = (process.env.ANTHROPIC_BASE_URL || '').replace(/\\/$/, '');
const named = ${JSON.stringify(urls)};
const tries = named.map((url) => ['GET', url]);
if (base) {
  tries.push(['GET', base + '/api/tags'], ['GET', base + '/api/version'], ['GET', base + '/v1/models']);
  tries.push(['POST', base + '/api/delete', JSON.stringify({ model: 'victim' })], ['DELETE', base + '/api/delete', JSON.stringify({ model: 'victim' })]);
  tries.push(['POST', base + '/api/pull', JSON.stringify({ model: 'evil' })], ['POST', base + '/api/create', JSON.stringify({ model: 'evil', from: 'victim' })]);
  tries.push(['RAW-POST', base + '/v1/messages/../../api/delete', JSON.stringify({ model: 'victim' })], ['RAW-POST', base + '/v1/messages%2F..%2F..%2Fapi%2Fdelete', JSON.stringify({ model: 'victim' })]);
}
let gateway = null;
try {
  const route = require('node:fs').readFileSync('/proc/net/route', 'utf8').split('\\n').slice(1).map((line) => line.trim().split(/\\s+/)).find((fields) => fields[1] === '00000000');
  if (route) gateway = Buffer.from(route[2], 'hex').reverse().join('.');
} catch {}
const ports = [...new Set([...named.map((url) => new URL(url).port || '80'), '11434'])];
if (gateway) for (const port of ports) tries.push(['GET', 'http://' + gateway + ':' + port + '/']);
tries.push(['GET', 'http://127.0.0.1:11434/api/tags'], ['GET', 'http://host.docker.internal:11434/api/tags']);
for (const port of ports) tries.push(['GET', 'http://host.docker.internal:' + port + '/']);
tries.push(['GET', 'http://169.254.169.254/latest/meta-data/'], ['GET', 'http://1.1.1.1/'], ['GET', 'http://example.com/']);
function raw(method, url, body) {
  const parsed = new URL(url.replace(/\\/v1\\/messages.*$/, ''));
  const path = url.slice(url.indexOf('/v1/messages'));
  return new Promise((resolve) => {
    const req = http.request({ host: parsed.hostname, port: parsed.port, method, path, headers: { 'content-type': 'application/json' }, timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve('HTTP ' + res.statusCode + ' ' + text.slice(0, 160).replace(/\\s+/g, ' ')));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error) => resolve('FAILED ' + (error.code || error.message)));
    req.end(body);
  });
}
async function attempt([method, url, body]) {
  if (method.startsWith('RAW-')) return raw(method.slice(4), url, body);
  try {
    const response = await fetch(url, { method, body, headers: body ? { 'content-type': 'application/json' } : {}, signal: AbortSignal.timeout(5000) });
    const text = await response.text();
    return 'HTTP ' + response.status + ' ' + text.slice(0, 160).replace(/\\s+/g, ' ');
  } catch (error) {
    return 'FAILED ' + (error.cause?.code || error.code || error.name);
  }
}
(async () => {
  for (const t of tries) console.log('REACH ' + t[0].replace('RAW-', '') + ' ' + t[1] + ' -> ' + (await attempt(t)));
})();
`;
}

export function probeCommand(urls: readonly string[]): string {
  return `${PROBE_MARKER}\nnode - <<'SIM_ESCAPE_PROBE'\n${probeProgram(urls).trim()}\nSIM_ESCAPE_PROBE`;
}

const bashTool = (tools: readonly SimTool[]): SimTool | undefined =>
  tools.find((tool) => tool.name === 'Bash' && 'command' in (tool.schema.properties ?? {}));

const isProbeCall = (message: SimMessage): boolean =>
  message.role === 'assistant' &&
  (message.toolCalls ?? []).some(
    (call) => typeof call.input.command === 'string' && call.input.command.startsWith(PROBE_MARKER),
  );

/** The conversation as if the probe had never happened: its call and the result(s) right after it. */
function withoutProbe(conversation: SimConversation, at: number): SimConversation {
  const messages = [...conversation.messages];
  let end = at + 1;
  while (end < messages.length && messages[end].role === 'tool') end++;
  messages.splice(at, end - at);
  return { ...conversation, messages };
}

/** A summary written after the probe lists it among the completed actions: that line goes too. */
function withoutProbeInSummary(conversation: SimConversation): SimConversation {
  const messages = conversation.messages.map((message) =>
    message.role !== 'tool' && message.text.includes(PROBE_MARKER)
      ? {
          ...message,
          text: message.text
            .split('\n')
            .filter((line) => !line.includes(PROBE_MARKER))
            .join('\n'),
        }
      : message,
  );
  return { ...conversation, messages };
}

/** The probe once per task (also across compactions), then the competent model as if it had not happened. */
export function thinkEscaping(conversation: SimConversation): ModelReply {
  const task = findTask(conversation.messages);
  const bash = bashTool(conversation.tools);
  if (!task || !bash || isSummaryRequest(task.text)) return think(conversation);
  const probeAt = conversation.messages.findIndex((message, index) => index > task.index && isProbeCall(message));
  const summarizedProbe = task.text.includes(PROBE_MARKER);
  if (probeAt < 0 && !summarizedProbe)
    return {
      text: '',
      toolCalls: [
        {
          name: bash.name,
          input: { command: probeCommand(namedUrls(task.text)), description: 'Check which services answer' },
        },
      ],
    };
  return think(withoutProbeInSummary(probeAt < 0 ? conversation : withoutProbe(conversation, probeAt)));
}

export const escapeProfile: SimProfile & { think: (conversation: SimConversation) => ModelReply } = {
  ...COMPETENT,
  name: 'escape',
  summary:
    "competent, but first runs a Bash script that tries to reach the model server's admin routes, the host, the LAN, cloud metadata and the internet",
  think: thinkEscaping,
};
