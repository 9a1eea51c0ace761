/**
 * The ledger's words and rows from real runs of the lab's scenario (one call, a fault on it):
 * a lost reply under at-least-once is a flagged duplicate whose causes point at the retry, the
 * lost reply and the server; with idempotency keys the retry is the replayed answer; the rows
 * are newest first, bounded, and filtered to anomalies; the cause links find the message.
 */
import { describe, expect, it } from 'vitest';
import {
  act,
  callNamed,
  lab,
  replyTo,
  runDropping,
  summary,
} from '../../../engine/protocols/rpc/rpc.testkit';
import type { RpcRequest } from '../../../engine/protocols/rpc/summary';
import { findCallMessage, tracedMessage, tracedWords } from './cause-trace';
import {
  anomalyWords,
  attemptCertainty,
  attemptWords,
  balanceLines,
  balanceWords,
  causeTarget,
  countWords,
  ledgerRows,
  ledgerSummaryOf,
  operationWords,
  requestCertainty,
  resultWords,
  totalsWords,
} from './ledger-view';

const lostReply = (semantics: string) => {
  const sim = lab({ semantics });
  act(sim, 'c1', 'withdraw');
  runDropping(sim, 5_000, replyTo('c1-1#1'));
  return sim;
};

describe('ledger view', () => {
  it('at-least-once with a lost reply: a flagged duplicate, its attempts definite and indefinite, its causes pointing at what they name', () => {
    const sim = lostReply('at-least-once');
    const s = ledgerSummaryOf(sim.monitor.status());
    expect(s).not.toBeNull();
    const r = s?.requests[0] as RpcRequest;
    expect(operationWords(r)).toBe('withdraw 10 from alice');
    expect(resultWords(r)).toBe('ok');
    expect(requestCertainty(r)).toBe('definite');
    expect(anomalyWords(r)).toBe('duplicate: charged 2 times');
    expect(r.attempts.map((a) => attemptCertainty(a.outcome))).toEqual(['indefinite', 'definite']);
    expect(attemptWords(r.attempts[0] as RpcRequest['attempts'][number])).toMatch(
      /^attempt 1, sent at [\d,]+ ms: timed out: may have happened$/,
    );
    expect(attemptWords(r.attempts[1] as RpcRequest['attempts'][number])).toMatch(
      /^attempt 2 \(a retry\), sent at [\d,]+ ms: ok$/,
    );
    expect(r.anomaly?.causes.map((c) => causeTarget(c, r, 'server'))).toEqual([
      { kind: 'message', call: 'c1-1#2', type: 'Call' },
      { kind: 'message', call: 'c1-1#1', type: 'Reply' },
      { kind: 'node', node: 'server', at: null },
    ]);
    const lines = balanceLines(s ?? summary(sim));
    expect(lines.map(balanceWords)).toEqual([
      'alice: 80 (version 9); 2 charges, 1 of them a duplicate (10 too much)',
    ]);
    expect(totalsWords(summary(sim))).toBe(
      '1 request, 2 attempts, 2 charges; 1 duplicate charge, 0 losses, 0 outcomes unknown.',
    );

    // The lost reply, found in the trace: sent by the server, dropped by hand.
    const found = findCallMessage(sim.trace, 'c1-1#1', 'Reply');
    expect(found?.drop?.reason).toBe('intervention');
    expect(tracedWords(found ?? fail(), 'Reply', 'c1-1#1')).toMatch(
      /^the reply to c1-1#1 \(message \d+, server → c1\): sent at [\d,]+ ms; lost at [\d,]+ ms, dropped by hand\.$/,
    );
    const m = tracedMessage(found ?? fail());
    expect([m.from, m.to, m.kind, m.lostAt]).toEqual(['server', 'c1', 'Reply', found?.drop?.t]);
    expect(findCallMessage(sim.trace, 'c1-1#2', 'Call')?.deliver).not.toBeNull();
    expect(findCallMessage(sim.trace, 'c9-1#1', 'Call')).toBeNull();
  });

  it('idempotency keys: charged once, the retry answered with the stored answer', () => {
    const s = summary(lostReply('idempotency-key'));
    const r = s.requests[0] as RpcRequest;
    expect(r.key).not.toBeNull();
    expect(r.effects).toHaveLength(1);
    expect(anomalyWords(r)).toBeNull();
    expect(attemptWords(r.attempts[1] as RpcRequest['attempts'][number])).toMatch(
      /ok: the stored answer, replayed \(not charged again\)$/,
    );
    expect(balanceLines(s).map(balanceWords)).toEqual(['alice: 90 (version 8); 1 charge']);
  });

  it('at-most-once with a lost request: unknown, and a loss whose cause is the lost request', () => {
    const sim = lab({ semantics: 'at-most-once' });
    act(sim, 'c1', 'withdraw');
    runDropping(sim, 3_000, callNamed('c1-1#1'));
    const r = summary(sim).requests[0] as RpcRequest;
    expect(requestCertainty(r)).toBe('indefinite');
    expect(resultWords(r)).toMatch(/^unknown: timed out, may have happened/);
    expect(anomalyWords(r)).toBe('lost: never charged');
    expect(r.anomaly?.causes.map((c) => causeTarget(c, r, 'server'))).toEqual([
      { kind: 'message', call: 'c1-1#1', type: 'Call' },
    ]);
  });

  it('rows: newest first, bounded, only anomalies when asked, with a count in words', () => {
    const req = (id: string, anomaly: boolean) =>
      ({
        id,
        anomaly: anomaly ? { kind: 'duplicate', causes: [] } : null,
      }) as unknown as RpcRequest;
    const requests = Array.from({ length: 30 }, (_, i) => req(`c1-${i + 1}`, i % 10 === 0));
    const all = ledgerRows(requests, 'all', 20);
    expect(all.rows.map((r) => r.id).slice(0, 2)).toEqual(['c1-30', 'c1-29']);
    expect([all.rows.length, all.matching]).toEqual([20, 30]);
    expect(countWords(20, 30, 300, 'all')).toBe(
      'Showing the newest 20 of 30 requests (300 in all; older ones without an anomaly are not kept)',
    );
    const bad = ledgerRows(requests, 'anomalies', 20);
    expect(bad.rows.map((r) => r.id)).toEqual(['c1-21', 'c1-11', 'c1-1']);
    expect(countWords(3, 3, 300, 'anomalies')).toBe('3 duplicates and losses, newest first');
    expect(countWords(1, 1, 1, 'all')).toBe('1 request, newest first');
  });
});

function fail(): never {
  throw new Error('expected a message in the trace');
}
