// What a run costs the model server, counted in one place: every request a suite makes goes through
// the metered server and Messages target (src/run/metered.ts), which report here the server's own
// token counts and the context the request ran at. A load is the server (re)loading the model:
// Ollama does for a request at another num_ctx than the one loaded, after an unload, and when its
// reply says so (load_duration of a cold load).
import type { MemoryInUse } from '../servers/types.js';
import type { CostFigures, ModelCost, RunCost, SuiteCost, SuiteId } from '../types.js';

/** A reply whose load_duration is at least this was a cold load (a loaded model answers in ~1 ms). */
export const LOAD_EVIDENCE_MS = 100;

/** The context a request runs at: a num_ctx, or the server's default (Messages requests, native ones without num_ctx). */
export type RequestContext = number | 'default';

export interface MeteredRequest {
  context: RequestContext;
  promptTokens?: number | null;
  cachedPromptTokens?: number | null;
  generatedTokens?: number | null;
  /** The server's own load time for the request (Ollama's load_duration), where it gives one. */
  loadMs?: number | null;
  /** The request got no answer (unreachable, timed out): it is counted, but says nothing of what the server loaded. */
  unanswered?: boolean;
}

/** What the meter believes the server holds for one model. */
export interface ModelResidency {
  /** The context the model is loaded at; 'default' the server default (value not known yet); null not loaded; 'unknown' not seen. */
  current: RequestContext | null | 'unknown';
  /** The server default context for this model, once a reading showed it. */
  defaultContext: number | null;
  /** Trained context: Ollama caps a larger num_ctx at it (so asking more loads nothing new). */
  trainedContext: number | null;
  /** /api/ps readings, by the (capped) context the model was loaded at when they were taken. */
  readings: Map<number, MemoryInUse>;
  /**
   * A load counted for a request at the server default before its value was known: if a reading
   * then shows the default is the context the model was already at, the server loaded nothing.
   */
  unsure: { figures: CostFigures; from: number } | null;
}

export function emptyFigures(loadsTracked: boolean): CostFigures {
  return {
    requests: 0,
    promptTokens: 0,
    cachedPromptTokens: 0,
    generatedTokens: 0,
    loads: loadsTracked ? 0 : null,
    loadedAt: [],
    otherRequests: 0,
  };
}

/** Sums figures; loads stay null only when every part is null (a server that loads its model at start). */
export function addFigures(into: CostFigures, more: CostFigures): CostFigures {
  into.requests += more.requests;
  into.promptTokens += more.promptTokens;
  into.cachedPromptTokens += more.cachedPromptTokens;
  into.generatedTokens += more.generatedTokens;
  into.loads = into.loads === null && more.loads === null ? null : (into.loads ?? 0) + (more.loads ?? 0);
  into.loadedAt.push(...(more.loadedAt ?? []));
  into.otherRequests += more.otherRequests;
  return into;
}

/** The sum of `parts`; with none, zero (loads null unless `loadsTracked`). */
export function sumFigures(parts: readonly CostFigures[], loadsTracked = false): CostFigures {
  // Loads start at null so that they stay null when no part tracks them.
  const total: CostFigures = { ...emptyFigures(false), loads: parts.length === 0 && loadsTracked ? 0 : null };
  for (const part of parts) addFigures(total, part);
  return total;
}

interface Tally {
  model: string;
  suite: SuiteId;
  figures: CostFigures;
}

export class CostMeter {
  private readonly residency = new Map<string, ModelResidency>();
  private readonly tallies: Tally[] = [];

  /** `loadsTracked`: the server loads models on request (Ollama); false where it loads its model at start. */
  constructor(readonly loadsTracked: boolean) {}

  /** What the server is believed to hold for `model` (shared by every suite of the run). */
  residencyOf(model: string): ModelResidency {
    let state = this.residency.get(model);
    if (!state) {
      state = { current: 'unknown', defaultContext: null, trainedContext: null, readings: new Map(), unsure: null };
      this.residency.set(model, state);
    }
    return state;
  }

  /** A new tally for one attempt of a suite on a model; the runner journals it when the suite ends. */
  tally(model: string, suite: SuiteId): CostFigures {
    const figures = emptyFigures(this.loadsTracked);
    this.tallies.push({ model, suite, figures });
    return figures;
  }

  /** A tally from an earlier attempt (a resumed run's journal): what it cost still counts. */
  addTally(model: string, suite: SuiteId, figures: CostFigures): void {
    this.tallies.push({ model, suite, figures: addFigures(emptyFigures(figures.loads !== null), figures) });
  }

  setTrainedContext(model: string, tokens: number | null): void {
    if (tokens && tokens > 0) this.residencyOf(model).trainedContext = tokens;
  }

  /** The context the server really loads for `context`: capped at the trained context, the default resolved where known. */
  resolve(model: string, context: RequestContext): RequestContext {
    const state = this.residencyOf(model);
    const value = context === 'default' ? state.defaultContext : context;
    if (value === null) return 'default';
    return state.trainedContext ? Math.min(value, state.trainedContext) : value;
  }

  /** Counts one model request into `figures`; true when it loaded the model. */
  request(model: string, figures: CostFigures, request: MeteredRequest): boolean {
    figures.requests += 1;
    figures.promptTokens += request.promptTokens ?? 0;
    figures.cachedPromptTokens += request.cachedPromptTokens ?? 0;
    figures.generatedTokens += request.generatedTokens ?? 0;
    // No answer (refused, timed out): whether the server loaded anything is not known, so nothing changes.
    if (!this.loadsTracked || request.unanswered) return false;
    const state = this.residencyOf(model);
    const context = this.resolve(model, request.context);
    const evidence = request.loadMs ?? null;
    let loaded: boolean;
    if (evidence !== null && evidence >= LOAD_EVIDENCE_MS) loaded = true;
    else if (state.current === 'unknown') loaded = evidence === null;
    else loaded = state.current === null || state.current !== context;
    if (loaded) {
      figures.loads = (figures.loads ?? 0) + 1;
      figures.loadedAt.push(context === 'default' ? null : context);
    }
    const from = state.current;
    // Kept over later requests at the same default, until a reading settles it.
    if (loaded)
      state.unsure = context === 'default' && evidence === null && typeof from === 'number' ? { figures, from } : null;
    else if (context !== from) state.unsure = null;
    state.current = context;
    return loaded;
  }

  /** A metadata request (or an unload) into `figures`. */
  other(figures: CostFigures): void {
    figures.otherRequests += 1;
  }

  unloaded(model: string): void {
    const state = this.residencyOf(model);
    state.current = null;
    state.unsure = null;
  }

  /**
   * What /api/ps (or /slots) says the model is loaded at now: null when not loaded. A reading taken
   * while the model runs at the server default shows what that default is.
   */
  observed(model: string, allocated: number | null, reading?: MemoryInUse | null): void {
    if (!this.loadsTracked) return;
    const state = this.residencyOf(model);
    if (allocated === null) {
      if (reading === null) state.current = null;
      return;
    }
    if (state.current === 'default') {
      state.defaultContext = allocated;
      state.current = this.resolve(model, allocated);
      const unsure = state.unsure;
      if (unsure && unsure.from === state.current && unsure.figures.loads) {
        unsure.figures.loads -= 1;
        unsure.figures.loadedAt.splice(unsure.figures.loadedAt.lastIndexOf(null), 1);
      }
    }
    state.unsure = null;
    if (reading && typeof state.current === 'number') state.readings.set(state.current, reading);
  }

  /** Per model (in `models` order) and suite (in `suites` order), with totals. */
  summary(models: readonly string[], suites: readonly SuiteId[]): RunCost {
    const seen = [...new Set([...models, ...this.tallies.map((t) => t.model)])];
    const modelCosts: ModelCost[] = seen
      .filter((model) => this.tallies.some((t) => t.model === model))
      .map((model) => {
        // A load at the server default before any reading showed what the default is: it is known now.
        const known = this.resolve(model, 'default');
        const ofModel = this.tallies
          .filter((t) => t.model === model)
          .map((t) => ({
            ...t,
            figures: {
              ...t.figures,
              loadedAt: t.figures.loadedAt.map((c) => c ?? (known === 'default' ? null : known)),
            },
          }));
        const order = [...new Set([...suites, ...ofModel.map((t) => t.suite)])];
        const suiteCosts: SuiteCost[] = order
          .filter((suite) => ofModel.some((t) => t.suite === suite))
          .map((suite) => ({
            suite,
            ...sumFigures(ofModel.filter((t) => t.suite === suite).map((t) => t.figures)),
          }));
        return { model, total: sumFigures(suiteCosts), suites: suiteCosts };
      });
    return {
      total: sumFigures(
        modelCosts.map((m) => m.total),
        this.loadsTracked,
      ),
      models: modelCosts,
    };
  }
}

/** The distinct contexts a model was loaded at (null, the unknown default, counts as one). */
export function distinctContexts(figures: Pick<CostFigures, 'loadedAt'>): (number | null)[] {
  return [...new Set(figures.loadedAt)];
}

/** A RunCost from suite costs (e.g. those a merged report keeps), models and suites in the order given. */
export function runCostOf(parts: ReadonlyArray<{ model: string; cost: SuiteCost }>): RunCost {
  const models = [...new Set(parts.map((part) => part.model))].map((model): ModelCost => {
    const suites = parts.filter((part) => part.model === model).map((part) => part.cost);
    return { model, total: sumFigures(suites), suites };
  });
  return { total: sumFigures(models.map((m) => m.total)), models };
}
