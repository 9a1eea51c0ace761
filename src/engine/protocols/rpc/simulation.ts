/**
 * The RPC family's randomized suites, run by the one seed runner. Each runs the lab's own
 * builder (a failing seed's link replays in the lab) with message loss, requests and replies
 * dropped, the server slowed, paused and crashed (at armed crash points before and after the
 * charge, and at any moment), and clients crashed; then heals, stops the workload and lets the
 * retries finish.
 * - idempotency keys with a persisted dedup table: no request takes effect twice (the
 *   checker holds, and the server's own ledger agrees), even with duplicated messages;
 * - at-least-once: duplicates happen (tolerated, counted), and the checker reports exactly the
 *   duplicates the server's ledger holds;
 * - at-most-once: nothing is charged twice (no retries, no duplicated messages), and some
 *   payments are lost;
 * - conditional writes retried at-least-once: harmless, never twice.
 */
import type { SimulationSuite } from '../../package';
import type { Simulation } from '../../sim/simulation';
import { rpcNemesis, rpcQuiesce, type RpcFaults } from './nemesis';
import { readSettings } from '../../scenarios/settings';
import { RPC_SERVER, rpcEntry } from './scenarios';
import type { ServerPersisted } from './server-types';
import type { RpcLedgerSummary } from './summary';

/** The checker's summary at the end of a run. */
export function ledgerOf(sim: Simulation): RpcLedgerSummary {
  const status = sim.monitor.status().find((s) => s.id === 'effect-at-most-once');
  return status?.summary?.data as unknown as RpcLedgerSummary;
}

/** Charges beyond the first per request, counted from the server's ledger on disk. */
export function ledgerDuplicates(sim: Simulation): { effects: number; duplicates: number } {
  const disk = sim.frame(0).nodes.find((n) => n.id === RPC_SERVER)?.persisted as
    ServerPersisted | undefined;
  const per = new Map<string, number>();
  for (const e of disk?.ledger ?? []) per.set(e.req, (per.get(e.req) ?? 0) + 1);
  let duplicates = 0;
  for (const n of per.values()) duplicates += n - 1;
  return { effects: disk?.ledger.length ?? 0, duplicates };
}

/** The checker's count agrees with the ledger's (the at-least-once promise of the issue). */
function countsAgree(sim: Simulation): string | null {
  const summary = ledgerOf(sim);
  const ledger = ledgerDuplicates(sim);
  if (summary.totals.effects !== ledger.effects)
    return `the checker saw ${summary.totals.effects} charges, the ledger holds ${ledger.effects}`;
  if (summary.totals.duplicates !== ledger.duplicates)
    return `the checker reports ${summary.totals.duplicates} duplicate charges, the ledger holds ${ledger.duplicates}`;
  return null;
}

function tally(sim: Simulation): Record<string, number> {
  const t = ledgerOf(sim).totals;
  return {
    requests: t.requests,
    attempts: t.attempts,
    duplicates: t.duplicates,
    lost: t.lost,
    indefinite: t.indefinite,
    ok: ledgerOf(sim).requests.filter((r) => r.result === 'ok').length,
    replayed: ledgerOf(sim).requests.filter((r) =>
      r.attempts.some((a) => a.outcome.kind === 'ok' && a.outcome.replayed),
    ).length,
  };
}

interface SuiteSpec {
  readonly name: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly seeds: number;
  readonly faults: RpcFaults;
  readonly tolerates?: readonly string[];
  judge?(t: Readonly<Record<string, number>>, seeds: number): string | null;
}

/** The settings every suite shares: 2 clients, a quick network, 20 % of messages lost. */
const BASE = {
  rate: '3',
  latency: '20',
  timeout: '300',
  backoff: 'full-jitter',
  base: '50',
  cap: '400',
  attempts: '5',
  loss: '20',
} as const;

/** A suite over the lab's builder with the RPC nemesis. */
export function rpcSuite(spec: SuiteSpec): SimulationSuite {
  const settings = { ...BASE, ...spec.settings };
  return {
    name: spec.name,
    scenarioId: 'rpc',
    nodes: 3,
    settings,
    // Read as the lab reads a link's settings, so the replay link builds the same run.
    scenario: () =>
      rpcEntry.build({ nodes: 3, settings: readSettings(rpcEntry.settings, settings).values }),
    durationMs: 2_500,
    faultEveryMs: 150,
    settleMs: 1_500,
    seeds: spec.seeds,
    nemesis: (sim, rng) => rpcNemesis(sim, rng, spec.faults),
    quiesce: rpcQuiesce,
    ...(spec.tolerates ? { tolerates: spec.tolerates } : {}),
    check: countsAgree,
    tally,
    ...(spec.judge ? { judge: spec.judge } : {}),
  };
}

/** The judge of a suite that must have done real work: `perSeed` requests answered ok per seed on average, despite the faults. */
const didWork =
  (perSeed: number, more?: (t: Readonly<Record<string, number>>) => string | null) =>
  (t: Readonly<Record<string, number>>, seeds: number): string | null => {
    if ((t.ok ?? 0) < seeds * perSeed)
      return `only ${t.ok ?? 0} requests answered ok over ${seeds} seeds`;
    return more?.(t) ?? null;
  };

/** The family's suites (1,000 seeds in CI; see the module comment). */
export const suites: readonly SimulationSuite[] = [
  rpcSuite({
    name: 'rpc, idempotency keys, persisted dedup table, loss, crashes, slow server, duplicated messages',
    settings: { semantics: 'idempotency-key', persistDedup: 'true' },
    seeds: 400,
    faults: { duplicate: true },
    judge: didWork(5),
  }),
  rpcSuite({
    name: 'rpc, at-least-once, loss, crashes, slow server, duplicated messages',
    settings: { semantics: 'at-least-once' },
    seeds: 300,
    faults: { duplicate: true },
    tolerates: ['effect-at-most-once'],
    judge: didWork(5, (t) =>
      (t.duplicates ?? 0) === 0
        ? 'at-least-once never charged twice: the faults did not bite'
        : null,
    ),
  }),
  rpcSuite({
    name: 'rpc, at-most-once, loss, crashes, slow server',
    settings: { semantics: 'at-most-once' },
    seeds: 200,
    faults: { duplicate: false },
    judge: didWork(1, (t) =>
      (t.lost ?? 0) === 0 ? 'at-most-once never lost a payment: the faults did not bite' : null,
    ),
  }),
  rpcSuite({
    name: 'rpc, conditional writes retried at-least-once, loss, crashes, slow server',
    settings: { semantics: 'at-least-once', op: 'set' },
    seeds: 100,
    faults: { duplicate: false },
    judge: didWork(5),
  }),
];
