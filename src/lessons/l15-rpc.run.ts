/**
 * What L15's steps, golden path and e2e learner share: the controls and panels the steps
 * offer, each step's run (its settings in the lab's URL spelling), and the moves of a learner
 * who makes a call, lets a held message through or drops it, arms a crash and restarts the
 * server.
 */
import type { RpcMessage } from '../engine/protocols/rpc/messages';
import { CLIENT, SERVER } from './rpc-goals';
import type { FreshRun, GoalContext, Move } from './types';

export const CONTROLS = ['play', 'step', 'speed'] as const;
export const PANELS = ['checks', 'events', 'inspector', 'ledger'] as const;

/**
 * The client's timeout in the steps where messages wait to be let through or dropped (hold
 * mode): long enough that a person delivers the call and drops its reply before the client
 * gives up on the first attempt (1 s, the lab's default, is gone while one reads the menu).
 */
export const HELD_TIMEOUT_MS = 15_000;

/** Every run of the lesson: no workload (the learner makes each call), no loss, 150 ms links. */
const BASE = { rate: '0', loss: '0', latency: '150', base: '500', cap: '5000', dedupTtl: '600' };

/** A run where messages wait in hold mode: a long timeout, a few attempts. */
export const heldRun = (settings: Readonly<Record<string, string>>): FreshRun => ({
  settings: { ...BASE, timeout: String(HELD_TIMEOUT_MS), attempts: '4', ...settings },
});

/**
 * The crash steps' run: a 1 s timeout, and 20 attempts at most 3 s apart, so the client keeps
 * retrying for about 70 s of virtual time — time for a person to restart the server (with the
 * lab's 4 attempts it gave up after about 4.4 s, before anyone could).
 */
export const CRASH_ATTEMPTS = 20;
export const crashRun = (persist: boolean): FreshRun => ({
  settings: {
    ...BASE,
    semantics: 'idempotency-key',
    persistDedup: persist ? '1' : '0',
    timeout: '1000',
    attempts: String(CRASH_ATTEMPTS),
    cap: '3000',
  },
});

/** The newest held message `pick` chooses, or throws: the golden path waits for it. */
function held(ctx: GoalContext, what: string, pick: (m: RpcMessage) => boolean): number {
  const last = ctx.frame.inFlight
    .filter((m) => m.heldSince !== null && pick(m.payload as unknown as RpcMessage))
    .at(-1);
  if (!last) throw new Error(`no ${what} is waiting`);
  return last.id;
}

const isCall = (attempt: number) => (m: RpcMessage) => m.type === 'Call' && m.attempt === attempt;
const isReply = (attempt: number) => (m: RpcMessage) => m.type === 'Reply' && m.attempt === attempt;

/** Golden moves: wait for attempt `attempt`'s call to arrive at the server, then let it through. */
export const deliverCall = (attempt: number): Move[] => [
  { waitMs: 400 },
  {
    act: (ctx) => ({
      type: 'deliver-message',
      msg: held(ctx, `call attempt ${attempt}`, isCall(attempt)),
    }),
  },
];

/** Golden moves: wait for the reply to attempt `attempt` to arrive at the client, then drop it. */
export const dropReply = (attempt: number): Move[] => [
  { waitMs: 400 },
  {
    act: (ctx) => ({
      type: 'drop-message',
      msg: held(ctx, `reply to attempt ${attempt}`, isReply(attempt)),
    }),
  },
];

/** Golden move: the client's "Withdraw 10". */
export const withdraw: Move = {
  act: { type: 'protocol', node: CLIENT, action: { id: 'withdraw' } },
};

/** Golden move: the client's "Call" form, a conditional write (its defaults: 90 if version 7). */
export const conditionalWrite: Move = {
  act: {
    type: 'protocol',
    node: CLIENT,
    action: {
      id: 'call',
      args: { op: 'set', account: 'alice', balance: 90, version: 7, key: '' },
    },
  },
};

/** Golden move: arm one of the server's faults ("Crash after the side effect", …). */
export const arm = (fault: 'crash-after-effect' | 'crash-before-effect'): Move => ({
  act: { type: 'protocol', node: SERVER, action: { id: fault } },
});

/** Golden move: restart the server. */
export const restartServer: Move = { act: { type: 'restart', node: SERVER } };

/** Golden move: wait past the first attempt's timeout and the backoff, for the retry to arrive. */
export const untilRetry: Move = { waitMs: HELD_TIMEOUT_MS + 1_000 };
