// Where two consecutive requests' prompts first differ, and which block changed. A request is laid
// out the way llama-server and Ollama render an Anthropic request into a chat template: the system
// text blocks joined into one system message, then the tool definitions, then each message's
// blocks in order. Fields no server renders (cache_control, metadata, max_tokens, …) are left out,
// and a message whose content is one text block renders as the same text as a plain string. Pure.
import { asArray, isObject, type Json } from '../../src/agent/json.js';

/** One rendered piece of a request, in prompt order. */
export interface Segment {
  /** Where it comes from: `system[0]`, `tools`, `messages[3] user text`, … */
  label: string;
  text: string;
}

/** Characters per token of the estimate (Ollama's own chars/4). */
export const CHARS_PER_TOKEN = 4;

const estimate = (chars: number): number => Math.floor(chars / CHARS_PER_TOKEN);

function blockText(block: Json): string {
  if (block.type === 'text') return typeof block.text === 'string' ? block.text : '';
  if (block.type === 'thinking') return typeof block.thinking === 'string' ? block.thinking : '';
  const { cache_control: _cacheControl, ...rest } = block;
  return JSON.stringify(rest);
}

/** The request's prompt as the servers render it, piece by piece. */
export function segmentsOf(body: Json): Segment[] {
  const segments: Segment[] = [];
  const system = typeof body.system === 'string' ? [{ type: 'text', text: body.system }] : asArray(body.system);
  system.forEach((block, index) => {
    if (isObject(block) && block.type === 'text') segments.push({ label: `system[${index}]`, text: blockText(block) });
  });
  asArray(body.tools).forEach((tool, index) => {
    if (!isObject(tool)) return;
    const { cache_control: _cacheControl, ...rest } = tool;
    segments.push({ label: `tools[${index}] ${String(tool.name ?? '')}`.trim(), text: JSON.stringify(rest) });
  });
  asArray(body.messages).forEach((message, index) => {
    if (!isObject(message)) return;
    const role = String(message.role ?? '');
    const content = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    asArray(content).forEach((block, blockIndex) => {
      if (!isObject(block)) return;
      segments.push({
        label: `messages[${index}] ${role} ${String(block.type ?? '')}${blockIndex > 0 ? ` #${blockIndex + 1}` : ''}`,
        text: blockText(block),
      });
    });
  });
  return segments;
}

export interface PrefixDiff {
  /** The previous prompt is a prefix of this one: a prompt cache can serve all of it. */
  extends: boolean;
  /** Shared prefix, in characters and estimated tokens. */
  commonChars: number;
  commonTokens: number;
  /** The previous prompt's size in estimated tokens (what could have been reused). */
  previousTokens: number;
  /** The block where they first differ (null when this one extends the previous). */
  changed: string | null;
  /** A few characters either side of the first difference, for the reason. */
  before: string | null;
  after: string | null;
}

function sharedLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Compares two requests' rendered prompts. */
export function diffPrompts(previous: Json, current: Json): PrefixDiff {
  const a = segmentsOf(previous);
  const b = segmentsOf(current);
  const previousChars = a.reduce((sum, segment) => sum + segment.text.length, 0);
  let common = 0;
  for (let index = 0; index < a.length; index++) {
    const left = a[index];
    const right = b[index];
    if (right && left.label === right.label && left.text === right.text) {
      common += left.text.length;
      continue;
    }
    const shared = right ? sharedLength(left.text, right.text) : 0;
    const at = common + shared;
    const label = right && right.label !== left.label ? `${left.label} → ${right.label}` : left.label;
    return {
      extends: false,
      commonChars: at,
      commonTokens: estimate(at),
      previousTokens: estimate(previousChars),
      changed: right ? label : `${left.label} (removed)`,
      before: left.text.slice(Math.max(0, shared - 20), shared + 40),
      after: right ? right.text.slice(Math.max(0, shared - 20), shared + 40) : null,
    };
  }
  return {
    extends: true,
    commonChars: common,
    commonTokens: estimate(common),
    previousTokens: estimate(previousChars),
    changed: null,
    before: null,
    after: null,
  };
}

/** `system[0] changed ("cc_version=2.1.332.fa9" → "…c86")`: the reason in words. */
export function describeChange(diff: PrefixDiff): string {
  if (diff.extends || !diff.changed) return 'the prompt only grew';
  const quote = (text: string | null) => (text === null ? '(nothing)' : JSON.stringify(text.trim().slice(0, 60)));
  return `${diff.changed} changed at token ~${diff.commonTokens}: ${quote(diff.before)} → ${quote(diff.after)}`;
}
