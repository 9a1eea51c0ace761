/**
 * A Raft client. Two ways to ask:
 * - "Client request" (and the automatic load): sends a command to the server it believes
 *   leads, follows redirects, retries on a timeout with the same sequence number (so the
 *   command applies at most once, thanks to the servers' session table), and records the
 *   operation as invoke, then ok — or info when it gave up without knowing whether the
 *   command took effect.
 * - "Send to server": one command to one chosen server, no retry, no redirect — so a learner
 *   can talk to a deposed leader and see what it says. ok is ok; a refusal is fail; a
 *   timeout is info for a write (it may still take effect) and fail for a read (reads change
 *   nothing, so a read that never answered did not happen).
 * Every operation is published with observe() for the no-stale-read checker.
 */
import { clientHistory, noStaleRead } from '../../check/stale-read';
import type { Json, NodeContext, NodeId, Protocol } from '../../protocol';
import {
  readOptions,
  readSendArgs,
  type ClientDisk,
  type ClientOptions,
  type ClientState,
  type KvCommand,
  type RaftClientView,
} from './client-types';

export {
  readSendArgs,
  type ClientDisk,
  type ClientOptions,
  type ClientState,
  type RaftClientView,
  type SendArgs,
} from './client-types';
import { RAFT_CLIENT_ACTIONS } from './client-actions';
import { describeCommand } from './log';
import type { RaftMessage } from './types';

type Ctx = NodeContext<RaftMessage, ClientDisk>;

function pick<T>(xs: readonly T[], ctx: Ctx): T | undefined {
  return xs[Math.floor(ctx.random() * xs.length)];
}

/** The history's name for a command: write, read, or incr (judged by the register-incr model). */
const fnOf = (c: KvCommand) => (c.op === 'put' ? 'write' : c.op === 'get' ? 'read' : 'incr');

/**
 * What the no-stale-read checker is told: an INCR is a write whose value it cannot know in
 * advance (null), which that checker leaves unjudged; the linearizability check judges it.
 */
const staleFnOf = (c: KvCommand) => (c.op === 'get' ? 'read' : 'write');

function describe(c: KvCommand): string {
  return c.op === 'get' && c.read && c.read !== 'log'
    ? `${describeCommand(c)} (${c.read})`
    : describeCommand(c);
}

function send(s: ClientState, ctx: Ctx): void {
  if (!s.pending) return;
  ctx.send(s.pending.target, { type: 'ClientRequest', command: s.pending.command });
  if (s.pending.direct) ctx.setTimer('timeout', s.options.directTimeoutMs);
  else ctx.setTimer('retry', s.options.timeoutMs);
}

function begin(s: ClientState, command: KvCommand, target: NodeId, direct: boolean, ctx: Ctx) {
  const opId = `${ctx.id}:${command.seq}`;
  s.pending = { command, opId, target, attempts: 1, direct };
  ctx.record({
    phase: 'invoke',
    opId,
    fn: fnOf(command),
    key: command.key,
    ...(command.op === 'put' ? { value: command.value } : {}),
  });
  send(s, ctx);
}

/** Close the pending operation: record it, remember it for the view and the checker. */
function finish(
  s: ClientState,
  outcome: 'ok' | 'fail' | 'info',
  value: string | null,
  result: string,
  ctx: Ctx,
): void {
  const p = s.pending;
  if (!p) return;
  const c = p.command;
  ctx.record({
    phase: outcome,
    opId: p.opId,
    fn: fnOf(c),
    key: c.key,
    ...(outcome === 'ok' ? { value } : {}),
  });
  s.last = {
    id: p.opId,
    fn: staleFnOf(c),
    key: c.key,
    value: c.op === 'put' ? c.value : c.op === 'get' && outcome === 'ok' ? value : null,
    outcome,
  };
  s.lastResult = `${describe(c)}${p.direct ? ` at ${p.target}` : ''} → ${result}`;
  if (outcome === 'ok') s.completed++;
  else if (outcome === 'fail') s.failed++;
  else s.unknown++;
  s.pending = null;
  ctx.cancelTimer('retry');
  ctx.cancelTimer('timeout');
}

function request(s: ClientState, ctx: Ctx): void {
  if (s.pending) {
    ctx.log(`is still waiting for request #${s.pending.command.seq}`);
    return;
  }
  const target = s.leaderHint ?? pick(s.options.servers, ctx);
  const key = pick(s.options.keys, ctx) ?? 'x';
  if (!target) return;
  s.seq++;
  ctx.persist({ seq: s.seq });
  let command: KvCommand;
  if (ctx.random() < 0.7) {
    // With INCR off no extra random draw: the load is the same as ever.
    command =
      s.options.incr && ctx.random() < 0.5
        ? { op: 'incr', client: ctx.id, seq: s.seq, key }
        : { op: 'put', client: ctx.id, seq: s.seq, key, value: `${ctx.id}.${s.seq}` };
  } else {
    // With the default single mode no extra random draw: the load is the same as ever.
    const read = s.options.readModes.length > 1 ? pick(s.options.readModes, ctx) : undefined;
    const mode = read ?? s.options.readModes[0] ?? 'log';
    command = {
      op: 'get',
      client: ctx.id,
      seq: s.seq,
      key,
      ...(mode === 'log' ? {} : { read: mode }),
    };
  }
  begin(s, command, target, false, ctx);
}

function sendTo(s: ClientState, args: Json | undefined, ctx: Ctx): void {
  const a = readSendArgs(args);
  if (typeof a === 'string') {
    ctx.log(`cannot send: ${a}`);
    return;
  }
  // Sending to a node that does not exist would fault this client.
  if (!s.options.servers.includes(a.server)) {
    ctx.log(`cannot send: ${a.server} is not one of the servers`);
    return;
  }
  if (s.pending) {
    ctx.log(`is still waiting for request #${s.pending.command.seq}: it sends one at a time`);
    return;
  }
  s.seq++;
  ctx.persist({ seq: s.seq });
  const command: KvCommand =
    a.op === 'put'
      ? { op: 'put', client: ctx.id, seq: s.seq, key: a.key, value: a.value ?? '' }
      : a.op === 'incr'
        ? { op: 'incr', client: ctx.id, seq: s.seq, key: a.key }
        : {
            op: 'get',
            client: ctx.id,
            seq: s.seq,
            key: a.key,
            ...(a.read === undefined || a.read === 'log' ? {} : { read: a.read }),
          };
  ctx.log(`sent ${describe(command)} to ${a.server}`, null, {
    kind: 'request-sent',
    to: a.server,
    op: a.op,
    key: a.key,
    ...(a.op === 'put'
      ? { value: a.value ?? '' }
      : a.op === 'get'
        ? { read: a.read ?? 'log' }
        : {}),
  });
  begin(s, command, a.server, a.retry !== true, ctx);
}

function retry(s: ClientState, target: NodeId | null | undefined, ctx: Ctx): void {
  if (!s.pending) return;
  if (s.pending.attempts >= s.options.maxAttempts) {
    const seq = s.pending.command.seq;
    finish(s, 'info', null, 'unknown (gave up)', ctx);
    ctx.log(`gave up on request #${seq}: it may or may not have taken effect`);
    return;
  }
  s.pending.attempts++;
  const others = s.options.servers.filter((x) => x !== s.pending?.target);
  s.pending.target = target ?? pick(others, ctx) ?? s.pending.target;
  send(s, ctx);
}

/** "Send to server" heard nothing: a write may still happen; a read simply did not. */
function directTimeout(s: ClientState, ctx: Ctx): void {
  const p = s.pending;
  if (!p || !p.direct) return;
  const c = p.command;
  if (c.op !== 'get') {
    finish(s, 'info', null, 'unknown (timed out)', ctx);
    ctx.log(`heard nothing from ${p.target} about ${describe(c)}: it may or may not take effect`);
  } else {
    finish(s, 'fail', null, 'no answer (timed out)', ctx);
    ctx.log(`heard nothing from ${p.target} about ${describe(c)}: the read failed`);
  }
}

export const raftClient: Protocol<
  ClientState,
  RaftMessage,
  ClientDisk,
  ClientOptions,
  RaftClientView
> = {
  id: 'raft-client',
  title: 'Raft client',
  defaultOptions: {
    servers: [],
    timeoutMs: 400,
    maxAttempts: 6,
    autoRequestEveryMs: null,
    keys: ['x', 'y'],
    directTimeoutMs: 1500,
    readModes: ['log'],
    incr: false,
  },
  actions: RAFT_CLIENT_ACTIONS,
  init(ctx, raw) {
    const options = readOptions(raw);
    if (options.autoRequestEveryMs)
      ctx.setTimer('load', options.autoRequestEveryMs * (0.5 + ctx.random()));
    return {
      options,
      seq: 0,
      pending: null,
      leaderHint: null,
      completed: 0,
      failed: 0,
      unknown: 0,
      lastResult: null,
      last: null,
    };
  },
  // A restarted client forgets what it was waiting for, but numbers on from its disk.
  recover(ctx, raw, disk) {
    return { ...raftClient.init(ctx, raw), seq: typeof disk?.seq === 'number' ? disk.seq : 0 };
  },
  onMessage(s, from, m, ctx) {
    if (m.type !== 'ClientReply' || !s.pending || m.seq !== s.pending.command.seq) return;
    const p = s.pending;
    if (m.result.ok) {
      s.leaderHint = from;
      finish(s, 'ok', m.result.value, m.result.value ?? 'nil', ctx);
    } else if (p.direct) {
      // A refusal means the command was not taken: it definitely did not happen.
      const hint = m.result.leaderHint;
      finish(s, 'fail', null, `refused: not the leader${hint ? ` (${hint} is)` : ''}`, ctx);
      ctx.log(
        `${from} refused ${describe(p.command)}: not the leader${hint ? `; it points to ${hint}` : ''}`,
      );
    } else {
      s.leaderHint = m.result.leaderHint;
      // Follow a redirect at once; with no leader known, wait for the retry timer (backoff).
      if (m.result.leaderHint && m.result.leaderHint !== from) retry(s, m.result.leaderHint, ctx);
    }
  },
  onTimer(s, name, ctx) {
    if (name === 'retry') {
      s.leaderHint = null;
      retry(s, null, ctx);
    } else if (name === 'timeout') {
      directTimeout(s, ctx);
    } else if (name === 'load' && s.options.autoRequestEveryMs) {
      request(s, ctx);
      ctx.setTimer('load', s.options.autoRequestEveryMs);
    }
  },
  onAction(s, action, ctx) {
    if (action.id === 'client-request') request(s, ctx);
    else if (action.id === 'send') sendTo(s, action.args, ctx);
  },
  view: (s) => ({
    role: 'client',
    summary: s.pending ? `waiting #${s.pending.command.seq}` : `${s.completed} done`,
    pending: s.pending
      ? `#${s.pending.command.seq} ${describe(s.pending.command)} → ${s.pending.target}${s.pending.direct ? ', sent directly' : ''}`
      : null,
    completed: s.completed,
    failed: s.failed,
    unknown: s.unknown,
    lastResult: s.lastResult,
    lastOutcome: s.last?.outcome ?? null,
  }),
  observe: (s) =>
    clientHistory({
      pending: s.pending
        ? {
            id: s.pending.opId,
            fn: staleFnOf(s.pending.command),
            key: s.pending.command.key,
            value: s.pending.command.op === 'put' ? s.pending.command.value : null,
          }
        : null,
      done: s.completed + s.failed + s.unknown,
      last: s.last,
    }),
  invariants: [noStaleRead],
  messageSize: () => 48,
};
