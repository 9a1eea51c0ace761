/**
 * What a decision costs a consensus protocol, measured from outside: the same scenario
 * settings and fault script on any replicated store whose clients record a Jepsen-style
 * history (Raft's `raft`, Multi-Paxos's `multi-paxos`). Nothing here knows a protocol: a
 * decision is a client write that completed (`ok`), its time to decide is invoke → ok, and
 * the messages are every message sent in the run (heartbeats and client traffic included, as
 * a real deployment pays them).
 */
import { quantile } from 'd3-array';
import type { SettingValues } from '../scenarios/settings';
import type { RecordedAction, SimAction } from '../sim/actions';
import { scenarioById, startInProcess } from '../testing/run';

/** One fault at a moment of the run. */
export interface ScriptedFault {
  /** Virtual ms from the start of the run. */
  readonly atMs: number;
  readonly action: SimAction;
}

export interface DecisionCostParams {
  /** The lab's scenario id, e.g. 'raft' or 'multi-paxos'. */
  readonly scenarioId: string;
  readonly nodes?: number;
  readonly settings?: SettingValues;
  readonly seed: number;
  /** Faults applied in order of `atMs`; one that does not apply then (a node already down) is skipped. */
  readonly script: readonly ScriptedFault[];
  /** How long the run lasts, virtual ms. */
  readonly durationMs: number;
}

export interface DecisionCost {
  /** Client writes that completed. */
  readonly decisions: number;
  /** Messages sent in the whole run. */
  readonly messages: number;
  /** messages / decisions; null when nothing was decided. */
  readonly messagesPerDecision: number | null;
  /** Median and 95th percentile of invoke → ok over the completed writes, virtual ms; null when none. */
  readonly medianMs: number | null;
  readonly p95Ms: number | null;
  /**
   * The faults as the run recorded them (the ones that applied, with when): with the seed,
   * nodes and settings, a lab link (`labHash` + `encodeActions`) replays this very run.
   */
  readonly actions: readonly RecordedAction[];
}

const READS = new Set(['get', 'read']);

/**
 * Run one scenario under a fault script and measure what its decisions cost (see the module
 * note). Deterministic: the same parameters give the same figures. Throws for an unknown
 * scenario id.
 */
export function decisionCost(p: DecisionCostParams): DecisionCost {
  const scenario = scenarioById(p.scenarioId, {
    ...(p.nodes === undefined ? {} : { nodes: p.nodes }),
    settings: p.settings ?? {},
  });
  const sim = startInProcess(scenario, p.seed);
  for (const f of [...p.script].sort((a, b) => a.atMs - b.atMs)) {
    sim.runUntilSync(f.atMs);
    try {
      sim.actSync(f.action);
    } catch {
      // A fault that does not fit the run at that moment is left out, as the seed runner does.
    }
  }
  sim.runUntilSync(p.durationMs);

  // The trace keeps its last 200,000 entries: a longer run would be counted short.
  if ((sim.trace[0]?.i ?? 0) !== 0) throw new Error('the run is too long to measure whole');
  let messages = 0;
  const invoked = new Map<string, number>();
  const took: number[] = [];
  for (const e of sim.trace) {
    if (e.k === 'send') messages++;
    else if (e.k === 'op' && !READS.has(e.op.fn)) {
      const key = `${e.node}/${e.op.opId}`;
      if (e.op.phase === 'invoke') invoked.set(key, e.t);
      else if (e.op.phase === 'ok' && invoked.has(key)) took.push(e.t - (invoked.get(key) ?? e.t));
    }
  }
  const actions = [...sim.recordedActions()];
  sim.dispose();
  took.sort((a, b) => a - b);
  return {
    decisions: took.length,
    messages,
    messagesPerDecision: took.length > 0 ? messages / took.length : null,
    medianMs: quantile(took, 0.5) ?? null,
    p95Ms: quantile(took, 0.95) ?? null,
    actions,
  };
}
