/**
 * One Raft server n1, driven handler by handler with a hand-driven context (testing/
 * hand-context.ts) plus the narration's words, and the leader most handler tests start from.
 * Shared by the read-path, session and lease tests, which each built the same harness.
 */
import type { Fact, NodeContext, NodeId } from '../../protocol';
import { handContext } from '../../testing/hand-context';
import { DEFAULT_RAFT_OPTIONS, raft } from './raft';
import type { RaftMessage, RaftOptions, RaftPersisted, RaftState } from './types';

/** Server n1 in a hand-driven run: its state, its context and what it did. */
export interface RaftHarness {
  readonly s: RaftState;
  readonly ctx: NodeContext<RaftMessage, RaftPersisted>;
  /** n1's local clock (ms); the test moves it. */
  readonly clock: { ms: number };
  /** Messages sent, oldest first. */
  readonly sent: Array<{ to: NodeId; m: RaftMessage }>;
  /** The facts logged, oldest first. */
  readonly facts: Fact[];
  /** Every narrated line, oldest first. */
  readonly texts: string[];
}

export interface ServerSetup {
  /** The other servers (default n2 and n3: n1 and one more are a majority). */
  readonly peers?: readonly NodeId[];
  /** Options over DEFAULT_RAFT_OPTIONS. */
  readonly options?: Partial<RaftOptions>;
  /** Recover from this disk instead of starting fresh. */
  readonly restored?: RaftPersisted | null;
}

/** Server n1, fresh from init (or recovered from `restored`), at local time 0. */
export function raftServer({
  peers = ['n2', 'n3'],
  options = {},
  restored = null,
}: ServerSetup = {}): RaftHarness {
  const hand = handContext<RaftMessage, RaftPersisted>('n1', peers);
  const clock = { ms: 0 };
  const texts: string[] = [];
  const ctx: NodeContext<RaftMessage, RaftPersisted> = {
    ...hand.ctx,
    now: () => clock.ms,
    log: (text, marker, fact) => {
      texts.push(text);
      hand.ctx.log(text, marker, fact);
    },
  };
  const all = { ...DEFAULT_RAFT_OPTIONS, ...options };
  const s = restored ? raft.recover(ctx, all, restored) : raft.init(ctx, all);
  return { s, ctx, clock, sent: hand.sent, facts: hand.facts, texts };
}

export interface LeaderSetup extends ServerSetup {
  /** The log holds x = 1 (client c9, seq 1) from term 1 before the no-op (default true). */
  readonly written?: boolean;
  /** The term-2 no-op is committed and applied on a majority (default true). */
  readonly noopCommitted?: boolean;
}

/**
 * n1 as the leader of term 2: its log is [x = 1 (term 1), no-op (term 2)] (or the no-op
 * alone without `written`); everything before the no-op is committed and applied, and the
 * no-op too when `noopCommitted`; every peer has what is committed.
 */
export function leaderHarness({
  written = true,
  noopCommitted = true,
  ...setup
}: LeaderSetup = {}): RaftHarness {
  const h = raftServer(setup);
  const noop = { term: 2, command: { op: 'noop' } } as const;
  const write = {
    term: 1,
    command: { op: 'put', client: 'c9', seq: 1, key: 'x', value: '1' },
  } as const;
  const log = written ? [write, noop] : [noop];
  const done = noopCommitted ? log.length : log.length - 1;
  const each = (value: number) => Object.fromEntries(h.ctx.peers.map((p) => [p, value]));
  Object.assign(h.s, {
    currentTerm: 2,
    role: 'leader',
    leaderId: 'n1',
    log,
    commitIndex: done,
    lastApplied: done,
    ...(written ? { kv: { x: '1' } } : {}),
    nextIndex: each(log.length + 1),
    matchIndex: each(done),
  });
  return h;
}
