// Proves the model_names settings with real Claude Code (2.1.332) in its container against the
// simulator: sim-delegate hands the task to a subagent with `model: "haiku"`; without
// ANTHROPIC_DEFAULT_HAIKU_MODEL that subagent asks for `claude-haiku-…`, which the server (like
// Ollama) answers with 404. Needs Docker; in CI (CI=true) a missing Docker engine fails these tests.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeLeftovers } from '../../src/agent/sweep.js';
import { dockerStatus } from '../../src/shared/docker.js';
import { ensureImage } from '../../src/agent/image.js';
import { collectingContext } from '../../src/run/context.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import type { ResultRecord } from '../../src/types.js';
import { launchSettingsEnv, MODEL_NAMES_TASK, proveSettingsGroup, runTasks } from '../../suites/agent/index.js';

process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
const docker = await dockerStatus();
const inCi = process.env.CI === 'true';
if (!docker.available && !inCi) console.warn(`e2e/model-names-effect skipped: ${docker.detail}`);

// The guide's 64K, as in claude-code.test.ts.
const CONTEXT = 65536;

interface ProofRun {
  records: ResultRecord[];
  /** Model names of the generation requests the simulator received, in order. */
  modelsAsked: string[];
}

describe.skipIf(!docker.available && !inCi)(
  'agent_settings_effect.model_names with a model that delegates to a "haiku" subagent',
  () => {
    let image: string;
    let sim: RunningSimulator;
    let outDir: string;

    beforeAll(async () => {
      if (!docker.available) throw new Error(`CI=true requires Docker for the e2e tests: ${docker.detail}`);
      image = await ensureImage();
      sim = await startSimulator({ port: 0, contextLength: CONTEXT });
      outDir = await mkdtemp(path.join(os.tmpdir(), 'e2e-model-names-'));
    });

    afterAll(async () => {
      await sim?.close();
      if (outDir) await rm(outDir, { recursive: true, force: true });
      if (docker.available) await removeLeftovers({ ownerPid: process.pid }); // this process's only: other runs may share the engine
    });

    /** The model-names task with all of bench launch's settings, then again without the model_names group. */
    async function prove(model: string): Promise<ProofRun> {
      const before = sim.requests.length;
      const { ctx, records } = collectingContext({ model, suite: 'agent', host: sim.url, options: { outDir } });
      const setup = { image, claudeCodeVersion: ctx.options.claudeCodeVersion, serverContextTokens: CONTEXT };
      const settingsEnv = launchSettingsEnv(ctx, setup);
      const reports = await runTasks(ctx, setup, [MODEL_NAMES_TASK], settingsEnv);
      const withSettings = reports.get(MODEL_NAMES_TASK.id);
      if (!withSettings) throw new Error(`${MODEL_NAMES_TASK.id} did not run: ${JSON.stringify(records)}`);
      await proveSettingsGroup(ctx, setup, settingsEnv, 'model_names', MODEL_NAMES_TASK, withSettings);
      const modelsAsked = sim.requests
        .slice(before)
        .filter((request) => request.method === 'POST' && request.path.startsWith('/v1/messages'))
        .map((request) => String((request.body as { model?: unknown }).model));
      return { records, modelsAsked };
    }

    const find = (records: ResultRecord[], metric: string) => records.find((record) => record.metric === metric);

    it('sim-delegate passes with the settings and fails without them: settings_fix_failure', {
      timeout: 300_000,
    }, async () => {
      const { records, modelsAsked } = await prove('sim-delegate');
      expect(find(records, `agent.${MODEL_NAMES_TASK.id}`)).toMatchObject({ status: 'pass', value: 1 });
      const effect = find(records, 'agent_settings_effect.model_names');
      expect(effect).toMatchObject({ value: 'settings_fix_failure', status: 'warn' });
      expect(effect?.advice).toContain('bench launch --model sim-delegate');
      const data = effect?.data as {
        with: { passed: boolean; findings: string[] };
        without: { passed: boolean; failure: string; findings: string[] };
      };
      expect(data.with.findings).not.toContain('unknown_model_side_requests');
      expect(data.without).toMatchObject({ passed: false });
      expect(data.without.findings).toContain('unknown_model_side_requests');

      // With the settings the subagent asked for sim-delegate itself; without them for a Claude model.
      const firstClaude = modelsAsked.findIndex((name) => /^claude-haiku-/.test(name));
      expect(firstClaude).toBeGreaterThan(0);
      expect(modelsAsked.slice(0, firstClaude).filter((name) => name === 'sim-delegate').length).toBeGreaterThanOrEqual(
        3,
      );
      expect(modelsAsked.filter((name) => name !== 'sim-delegate').every((name) => /^claude-haiku-/.test(name))).toBe(
        true,
      );
    });

    it('sim-good, which never starts a subagent, shows no difference', { timeout: 300_000 }, async () => {
      const { records, modelsAsked } = await prove('sim-good');
      expect(find(records, 'agent_settings_effect.model_names')).toMatchObject({
        value: 'no_difference',
        status: 'pass',
      });
      expect(new Set(modelsAsked)).toEqual(new Set(['sim-good']));
    });
  },
);
