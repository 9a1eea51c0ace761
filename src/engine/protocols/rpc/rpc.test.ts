/**
 * The RPC family in crafted runs (CURRICULUM L15 and the fault placements): one call,
 * one fault on it, and what the ledger, the client's history and the checker say.
 */
import { describe, expect, it } from 'vitest';
import { readCallArgs } from './client-actions';
import { rpcMessageLook } from './message-look';
import {
  act,
  balance,
  callNamed,
  client,
  facts,
  lab,
  replyTo,
  runDropping,
  server,
  status,
  summary,
  violation,
} from './rpc.testkit';
import { RPC_SERVER, rpcEntry } from './scenarios';

describe('rpc: a lost reply, retried', () => {
  it('at-least-once charges twice, and the checker names the retry, the lost reply and the missing dedup entry', () => {
    const sim = lab({ semantics: 'at-least-once' });
    act(sim, 'c1', 'withdraw');
    runDropping(sim, 5_000, replyTo('c1-1#1'));
    expect(balance(sim)).toBe(80);
    expect(client(sim).ok).toBe(1);
    expect(violation(sim)).toBe(
      'c1-1 took effect 2 times (withdraw 10 from alice): attempt 2 was a retry; the reply to c1-1#1 was lost; the server keeps no dedup entry without an idempotency key',
    );
    const r = summary(sim).requests[0];
    expect(r?.attempts.map((a) => [a.requestMsg, a.outcome.kind, a.replyMsg])).toEqual([
      ['c1-1#1', 'timeout', null],
      ['c1-1#2', 'ok', 'c1-1#2'],
    ]);
    expect(r?.effects.map((e) => e.attempt)).toEqual([1, 2]);
    expect([r?.op, r?.amount, r?.ifVersion]).toEqual(['withdraw', 10, null]);
    expect(r?.anomaly).toEqual({
      kind: 'duplicate',
      causes: [
        { kind: 'retry', attempt: 2 },
        { kind: 'lost-reply', msg: 'c1-1#1' },
        { kind: 'no-dedup-entry', why: 'not-kept' },
      ],
    });
    expect(summary(sim).totals).toMatchObject({
      requests: 1,
      attempts: 2,
      effects: 2,
      duplicates: 1,
    });
    expect(summary(sim).balances).toEqual([
      { server: RPC_SERVER, account: 'alice', balance: 80, version: 9 },
    ]);
  });

  it('with idempotency keys the retry replays the stored answer: charged once, a dedup hit', () => {
    const sim = lab({ semantics: 'idempotency-key' });
    act(sim, 'c1', 'withdraw');
    runDropping(sim, 5_000, replyTo('c1-1#1'));
    expect(balance(sim)).toBe(90);
    expect(violation(sim)).toBeNull();
    expect(facts(sim, 'dedup_hit')).toEqual([
      { kind: 'dedup_hit', key: 'key-c1-1', call: 'c1-1#2', req: 'c1-1' },
    ]);
    const r = summary(sim).requests[0];
    expect(r?.key).toBe('key-c1-1');
    expect(r?.attempts[1]?.outcome).toEqual({ kind: 'ok', replayed: true });
    expect(r?.effects).toHaveLength(1);
    expect(r?.result).toBe('ok');
    expect(summary(sim).dedup).toEqual([{ server: RPC_SERVER, entries: 1, persisted: true }]);
    expect(summary(sim).balances).toEqual([
      { server: RPC_SERVER, account: 'alice', balance: 90, version: 8 },
    ]);
  });

  it('a conditional write retried without dedup is harmless: the retry finds the balance already set', () => {
    const sim = lab({ semantics: 'at-least-once' });
    act(sim, 'c1', 'call', { op: 'set', account: 'alice', balance: 90, version: 7 });
    runDropping(sim, 5_000, replyTo('c1-1#1'));
    expect(balance(sim)).toBe(90);
    expect(server(sim).accounts.alice?.version).toBe(8);
    expect(violation(sim)).toBeNull();
    const r = summary(sim).requests[0];
    expect(r?.attempts).toHaveLength(2);
    expect(r?.effects).toHaveLength(1);
    expect(r?.result).toBe('ok');
    expect(r?.anomaly).toBeNull();
    expect([r?.op, r?.amount, r?.ifVersion]).toEqual(['set', 90, 7]);
  });
});

describe('rpc: a lost request', () => {
  it('at-most-once gives up unknown: the payment is lost, and the ledger says the request never arrived', () => {
    const sim = lab({ semantics: 'at-most-once' });
    act(sim, 'c1', 'withdraw');
    runDropping(sim, 3_000, callNamed('c1-1#1'));
    expect(balance(sim)).toBeUndefined();
    expect(client(sim).indefinite).toBe(1);
    const r = summary(sim).requests[0];
    expect(r?.result).toBe('indefinite');
    expect(r?.gaveUp).toBe('max-attempts');
    expect(r?.anomaly).toEqual({ kind: 'lost', causes: [{ kind: 'lost-request', msg: 'c1-1#1' }] });
    expect(summary(sim).totals).toMatchObject({ lost: 1, indefinite: 1, duplicates: 0 });
    // The history says "may have happened" (info), not "failed".
    const ops = sim.trace.flatMap((e) => (e.k === 'op' ? [e.op.phase] : []));
    expect(ops).toEqual(['invoke', 'info']);
  });

  it('at-least-once retries a lost request: charged once', () => {
    const sim = lab({ semantics: 'at-least-once' });
    act(sim, 'c1', 'withdraw');
    runDropping(sim, 5_000, callNamed('c1-1#1'));
    expect(balance(sim)).toBe(90);
    expect(violation(sim)).toBeNull();
    expect(summary(sim).requests[0]?.anomaly).toBeNull();
  });
});

describe('rpc: the server slowed past the timeout', () => {
  it('at-least-once: the retry runs beside the slow first attempt and charges again', () => {
    const sim = lab({ semantics: 'at-least-once' });
    act(sim, RPC_SERVER, 'slow-next');
    act(sim, 'c1', 'withdraw');
    sim.runUntilSync(6_000);
    expect(balance(sim)).toBe(80);
    expect(summary(sim).requests[0]?.anomaly?.causes).toEqual([
      { kind: 'retry', attempt: 2 },
      { kind: 'slow-server', attempt: 1 },
      { kind: 'no-dedup-entry', why: 'not-kept' },
    ]);
  });

  it('idempotency keys: the retry is refused while the first runs (409), then replayed', () => {
    const sim = lab({ semantics: 'idempotency-key' });
    act(sim, RPC_SERVER, 'slow-next');
    act(sim, 'c1', 'withdraw');
    sim.runUntilSync(8_000);
    expect(balance(sim)).toBe(90);
    expect(violation(sim)).toBeNull();
    const outcomes = summary(sim).requests[0]?.attempts.map((a) => a.outcome);
    expect(outcomes).toContainEqual({ kind: 'refused', reason: 'in-flight' });
    expect(outcomes?.at(-1)).toEqual({ kind: 'ok', replayed: true });
    expect(facts(sim, 'dedup-in-flight').length).toBeGreaterThan(0);
  });
});

describe('rpc: the server crashes around the side effect (crash points)', () => {
  const crashAfter = (persistDedup: boolean) => {
    const sim = lab({ semantics: 'idempotency-key', persistDedup });
    act(sim, RPC_SERVER, 'crash-after-effect');
    act(sim, 'c1', 'withdraw');
    sim.runUntilSync(1_500);
    expect(status(sim, RPC_SERVER)).toBe('crashed');
    sim.actSync({ type: 'restart', node: RPC_SERVER });
    sim.runUntilSync(8_000);
    return sim;
  };

  it('after the charge, with the dedup table in memory only: the restart forgot the key, the retry charges again', () => {
    const sim = crashAfter(false);
    expect(balance(sim)).toBe(80);
    const causes = summary(sim).requests[0]?.anomaly?.causes ?? [];
    // Attempt 2 went to the server while it was down: lost too.
    expect(causes).toEqual([
      { kind: 'retry', attempt: 3 },
      expect.objectContaining({ kind: 'crash-after-effect', node: RPC_SERVER }),
      { kind: 'lost-request', msg: 'c1-1#2' },
      { kind: 'no-dedup-entry', why: 'lost-in-crash' },
    ]);
    expect(violation(sim)).toMatch(/crashed after the charge, before the reply.*lost in the crash/);
  });

  it('after the charge, with the dedup table persisted: the retry finds the completed key and replays', () => {
    const sim = crashAfter(true);
    expect(balance(sim)).toBe(90);
    expect(violation(sim)).toBeNull();
    expect(summary(sim).requests[0]?.attempts.at(-1)?.outcome).toEqual({
      kind: 'ok',
      replayed: true,
    });
    expect(facts(sim, 'server-recovered')).toEqual([
      { kind: 'server-recovered', ledger: 1, dedupKeys: 1 },
    ]);
  });

  it('before the charge: nothing was charged; at-most-once loses the payment and names the crash', () => {
    const sim = lab({ semantics: 'at-most-once' });
    act(sim, RPC_SERVER, 'crash-before-effect');
    act(sim, 'c1', 'withdraw');
    sim.runUntilSync(3_000);
    expect(status(sim, RPC_SERVER)).toBe('crashed');
    const r = summary(sim).requests[0];
    expect(r?.effects).toEqual([]);
    expect(r?.anomaly?.kind).toBe('lost');
    expect(r?.anomaly?.causes.map((c) => c.kind)).toEqual(['crash-before-effect']);
    // The disk holds no charge either.
    sim.actSync({ type: 'restart', node: RPC_SERVER });
    sim.runUntilSync(3_100);
    expect(server(sim).ledgerEntries).toBe(0);
  });
});

describe('rpc: the dedup table', () => {
  it('a key reused with another body is rejected (422): a definite error, nothing charged', () => {
    const sim = lab({ semantics: 'idempotency-key' });
    act(sim, 'c1', 'call', { op: 'withdraw', account: 'alice', amount: 10, key: 'k1' });
    sim.runUntilSync(1_000);
    act(sim, 'c1', 'call', { op: 'withdraw', account: 'alice', amount: 25, key: 'k1' });
    sim.runUntilSync(2_000);
    expect(balance(sim)).toBe(90);
    const [first, second] = summary(sim).requests;
    expect(first?.result).toBe('ok');
    expect(second?.result).toBe('error');
    expect(second?.attempts[0]?.outcome).toEqual({ kind: 'refused', reason: 'mismatch' });
    expect(second?.anomaly).toBeNull();
  });

  it('an entry that expired lets a late retry charge again, and the checker says it expired', () => {
    const sim = lab({
      semantics: 'idempotency-key',
      dedupTtl: 1,
      backoff: 'fixed',
      base: 2_000,
    });
    act(sim, 'c1', 'withdraw');
    runDropping(sim, 6_000, replyTo('c1-1#1'));
    expect(balance(sim)).toBe(80);
    const causes = summary(sim).requests[0]?.anomaly?.causes ?? [];
    expect(causes.map((c) => c.kind)).toEqual(['retry', 'lost-reply', 'dedup-expired']);
    expect(facts(sim, 'dedup-expired')).toHaveLength(1);
  });
});

describe('rpc: the hand-made call reads its arguments', () => {
  it('refuses bad input in words, and the client stays up', () => {
    expect(readCallArgs(null)).toBe('needs {op, account}');
    expect(readCallArgs({ op: 'withdraw', account: ' ' })).toBe('needs an account');
    expect(readCallArgs({ op: 'withdraw', account: 'a', amount: 0 })).toBe(
      'the amount must be a whole number ≥ 1',
    );
    expect(readCallArgs({ op: 'set', account: 'a', balance: 1.5, version: 7 })).toBe(
      'the new balance must be a whole number',
    );
    expect(readCallArgs({ op: 'set', account: 'a', balance: 90, version: 7, key: ' k ' })).toEqual({
      op: { kind: 'set', account: 'a', balance: 90, ifVersion: 7 },
      key: 'k',
    });
    const sim = lab();
    act(sim, 'c1', 'call', { op: 'withdraw', account: '' });
    sim.runUntilSync(500);
    expect(client(sim).inFlight).toBe(0);
    expect(
      sim.trace.some((e) => e.k === 'log' && e.text === 'call not made: needs an account'),
    ).toBe(true);
    expect(sim.frame(0).nodes.every((n) => n.status === 'up')).toBe(true);
  });
});

describe('rpc: how the stage labels calls and replies', () => {
  it('names each message by its call id, in its client’s colour, and says nothing of others', () => {
    expect(
      rpcMessageLook({
        type: 'Call',
        call: 'c2-7#2',
        req: 'c2-7',
        attempt: 2,
        key: 'key-c2-7',
        op: { kind: 'withdraw', account: 'bob', amount: 10 },
      }),
    ).toEqual({
      owner: 'c2',
      label: 'Call c2-7#2',
      detail: 'request c2-7, retry, attempt 2, key key-c2-7',
    });
    expect(
      rpcMessageLook({
        type: 'Reply',
        call: 'c1-1#1',
        req: 'c1-1',
        attempt: 1,
        status: 'ok',
        reason: null,
        replayed: true,
      }),
    ).toEqual({
      owner: 'c1',
      label: 'Reply c1-1#1: ok (replayed)',
      detail: 'answer to request c1-1, first attempt: ok (replayed)',
    });
    expect(rpcMessageLook({ type: 'Ping' })).toBeNull();
    expect(rpcMessageLook(null)).toBeNull();
  });
});

describe('rpc: the lab settings', () => {
  const values = (over: Record<string, string | number | boolean>) => {
    const base = Object.fromEntries(rpcEntry.settings.map((s) => [s.key, s.default]));
    return { ...base, ...over };
  };

  it('warn in words when the timeout cannot be met, or retries are asked of at-most-once', () => {
    expect(rpcEntry.warnings?.(values({}))).toEqual([]);
    expect(rpcEntry.warnings?.(values({ timeout: 300 }))).toEqual([
      {
        key: 'timeout',
        text: 'Shorter than a round trip plus the service time (about 400 ms): every attempt will time out.',
      },
    ]);
    expect(rpcEntry.warnings?.(values({ semantics: 'at-most-once' }))).toEqual([
      { key: 'attempts', text: 'At-most-once never retries: one attempt, whatever this says.' },
    ]);
  });

  it('build one server and the rest clients, each charging its own account', () => {
    const s = rpcEntry.build({ nodes: 4, settings: values({ semantics: 'idempotency-key' }) });
    expect(s.nodes.map((n) => [n.id, n.protocol])).toEqual([
      [RPC_SERVER, 'rpc-server'],
      ['c1', 'rpc-client'],
      ['c2', 'rpc-client'],
      ['c3', 'rpc-client'],
    ]);
    expect(s.nodes.slice(1).map((n) => (n.options as { account: string }).account)).toEqual([
      'alice',
      'bob',
      'carol',
    ]);
  });
});

describe('rpc: the client gives up, and says why', () => {
  const downServer = (settings: Record<string, string | number | boolean>) => {
    const sim = lab({ semantics: 'at-least-once', ...settings });
    sim.actSync({ type: 'crash', node: RPC_SERVER });
    act(sim, 'c1', 'withdraw');
    sim.runUntilSync(30_000);
    return summary(sim).requests[0];
  };

  it('after its maximum attempts', () => {
    const r = downServer({ attempts: 3 });
    expect(r?.attempts).toHaveLength(3);
    expect([r?.result, r?.gaveUp]).toEqual(['indefinite', 'max-attempts']);
  });

  it('at its deadline', () => {
    const r = downServer({ attempts: 20, backoff: 'fixed', base: 500, deadline: 4_000 });
    // 1 s timeout + 0.5 s backoff per attempt: the fourth retry would start past 4 s.
    expect(r?.attempts).toHaveLength(3);
    expect([r?.result, r?.gaveUp]).toEqual(['indefinite', 'deadline']);
  });

  it('when its retry budget is spent (0 % of requests, plus the floor of 2 per 10 s)', () => {
    const r = downServer({ attempts: 20, budget: true, budgetRatio: 0 });
    expect(r?.attempts).toHaveLength(3);
    expect([r?.result, r?.gaveUp]).toEqual(['indefinite', 'budget']);
    expect(r?.anomaly?.kind).toBe('lost');
  });
});
