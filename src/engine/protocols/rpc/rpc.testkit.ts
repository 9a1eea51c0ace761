/** Helpers for the RPC family's crafted tests: a lab run, faults on one message, the ledger. */
import type { SettingValues } from '../../scenarios/settings';
import type { Simulation } from '../../sim/simulation';
import { startInProcess } from '../../testing/run';
import type { ClientView } from './client';
import type { ReplyMessage, RpcMessage } from './messages';
import { RPC_SERVER, rpcEntry } from './scenarios';
import type { ServerView } from './server-types';
import { ledgerOf } from './simulation';
import type { RpcLedgerSummary } from './summary';

/** A lab run with no workload (calls are made by hand) unless `settings` says otherwise. */
export const lab = (settings: SettingValues = {}, nodes = 2, seed = 1): Simulation =>
  startInProcess(rpcEntry.build({ nodes, settings: { rate: 0, ...settings } }), seed);

/** A node's status: up, crashed, paused, faulted. */
export const status = (sim: Simulation, id: string): string | undefined =>
  sim.frame(0).nodes.find((n) => n.id === id)?.status;

/** The server's view (its last, while it is down). */
export const server = (sim: Simulation): ServerView =>
  sim.frame(0).nodes.find((n) => n.id === RPC_SERVER)?.view as ServerView;

/** A client's view. */
export const client = (sim: Simulation, id = 'c1'): ClientView =>
  sim.frame(0).nodes.find((n) => n.id === id)?.view as ClientView;

/** An account's balance on the server (undefined: never touched). */
export const balance = (sim: Simulation, account = 'alice'): number | undefined =>
  server(sim).accounts[account]?.balance;

/** The checker's summary now. */
export const summary = (sim: Simulation): RpcLedgerSummary => ledgerOf(sim);

/** The checker's first violation, in words (null: it holds). */
export const violation = (sim: Simulation): string | null =>
  sim.monitor.status().find((s) => s.id === 'effect-at-most-once')?.violation?.message ?? null;

/** A node action, by id, on `node`. */
export const act = (sim: Simulation, node: string, id: string, args?: unknown): void =>
  sim.actSync({
    type: 'protocol',
    node,
    action: args === undefined ? { id } : { id, args: args as never },
  });

/**
 * Runs until `until` ms, dropping each message in flight that `pick` chooses (at most `times`),
 * as a learner's Drop would; returns the ids dropped.
 */
export function runDropping(
  sim: Simulation,
  until: number,
  pick: (m: RpcMessage) => boolean,
  times = 1,
): number[] {
  const dropped: number[] = [];
  while (sim.frame(0).time < until) {
    for (const m of sim.world.inFlight())
      if (dropped.length < times && m.lostAt === null && pick(m.message as RpcMessage)) {
        sim.actSync({ type: 'drop-message', msg: m.id });
        dropped.push(m.id);
      }
    if (!sim.stepSync()) break;
  }
  sim.runUntilSync(until);
  return dropped;
}

/** The reply to call `call`. */
export const replyTo =
  (call: string) =>
  (m: RpcMessage): m is ReplyMessage =>
    m.type === 'Reply' && m.call === call;

/** The call `call` itself. */
export const callNamed = (call: string) => (m: RpcMessage) => m.type === 'Call' && m.call === call;

/** The log facts of `kind`, in order. */
export const facts = (sim: Simulation, kind: string) =>
  sim.trace.flatMap((e) => (e.k === 'log' && e.fact?.kind === kind ? [e.fact] : []));
