// Every simulated model. Adding a profile = one file plus one line here.
import { badJson } from './bad-json.js';
import { chatty } from './chatty.js';
import { deepseek } from './deepseek.js';
import { delegate } from './delegate.js';
import { empty } from './empty.js';
import { escapeProfile } from './escape.js';
import { flaky } from './flaky.js';
import { good } from './good.js';
import { hybrid } from './hybrid.js';
import { instant } from './instant.js';
import { llamaTemplate } from './llama-template.js';
import { nocache } from './nocache.js';
import { noTools } from './no-tools.js';
import { shortCtx } from './short-ctx.js';
import { slow } from './slow.js';
import { spill } from './spill.js';
import { swa } from './swa.js';
import { textTools } from './text-tools.js';
import type { SimProfile } from './types.js';

export type { ModelShape, SimDefect, SimProfile } from './types.js';

export const SIM_PROFILES: readonly SimProfile[] = [
  good,
  noTools,
  textTools,
  badJson,
  shortCtx,
  slow,
  spill,
  flaky,
  deepseek,
  instant,
  delegate,
  llamaTemplate,
  swa,
  hybrid,
  empty,
  escapeProfile,
  nocache,
  chatty,
];

export const SIM_MODEL_PREFIX = 'sim-';

/** Model names as a harness passes them (`sim-good`, …). */
export function simModelNames(): string[] {
  return SIM_PROFILES.map((profile) => SIM_MODEL_PREFIX + profile.name);
}

/** The profile behind `sim-<name>` or `sim-<name>:latest`; undefined for anything else. */
export function findProfile(model: string): SimProfile | undefined {
  const bare = model.endsWith(':latest') ? model.slice(0, -':latest'.length) : model;
  if (!bare.startsWith(SIM_MODEL_PREFIX)) return undefined;
  return SIM_PROFILES.find((profile) => profile.name === bare.slice(SIM_MODEL_PREFIX.length));
}
