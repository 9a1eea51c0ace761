/**
 * The checker "Each request takes effect at most once" against broken tables, through the seed
 * runner (the lab link replays the failure): a dedup table that forgets completed keys
 * (`forget-completed`) and one kept in memory only are both caught on a named seed, and the
 * same seed passes with the table as designed. Its counts agree with the server's ledger.
 */
import { describe, expect, it } from 'vitest';
import { startInProcess } from '../../testing/run';
import { runSeed } from '../../testing/seed-runner';
import { ledgerDuplicates, ledgerOf, rpcSuite, suites } from './simulation';

const keyed = (settings: Record<string, string>) =>
  rpcSuite({
    name: `rpc, idempotency keys, ${JSON.stringify(settings)}`,
    settings: { semantics: 'idempotency-key', ...settings },
    seeds: 1,
    faults: { duplicate: true },
  });

describe('effect-at-most-once catches broken dedup tables', () => {
  it('the broken "forget-completed" variant charges twice on seed 1; the checker names the forgotten key; the same seed passes when correct', () => {
    const broken = runSeed(keyed({ persistDedup: 'true', broken: 'forget-completed' }), 1);
    expect(broken.failure).toMatch(
      /^effect-at-most-once: c2-5 took effect 2 times \(withdraw 10 from bob\): attempt 2 was a retry; .*the dedup table had forgotten the completed key/,
    );
    expect(broken.link).toMatch(
      /^#\/lab\/rpc\?seed=1&nodes=3&.*semantics=idempotency-key&persistDedup=true&broken=forget-completed&run=/,
    );
    expect(
      ledgerOf(broken.sim).requests.find((r) => r.id === 'c2-5')?.anomaly?.causes,
    ).toContainEqual({
      kind: 'no-dedup-entry',
      why: 'forgotten',
    });
    // The suite the CI runs, on the same seed: no request charged twice.
    const correct = runSeed(suites[0] ?? keyed({}), 1);
    expect(correct.failure).toBeNull();
    expect(ledgerOf(correct.sim).totals.duplicates).toBe(0);
    expect(ledgerDuplicates(correct.sim).duplicates).toBe(0);
  });

  it('a dedup table kept in memory only is caught on the same seed: the key was lost in the crash', () => {
    const volatile = runSeed(keyed({ persistDedup: 'false' }), 1);
    expect(volatile.failure).toMatch(
      /^effect-at-most-once: c2-5 took effect 2 times .*crashed after the charge, before the reply .*the dedup entry was lost in the crash/,
    );
    expect(volatile.link).toMatch(/persistDedup=false/);
  });

  it('at-least-once: the duplicates the checker reports are the ledger’s, seed by seed', () => {
    const suite = suites[1];
    if (!suite) throw new Error('the at-least-once suite is missing');
    let seen = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const o = runSeed(suite, seed);
      expect(o.failure).toBeNull();
      const fromLedger = ledgerDuplicates(o.sim);
      expect(ledgerOf(o.sim).totals.duplicates).toBe(fromLedger.duplicates);
      expect(ledgerOf(o.sim).totals.effects).toBe(fromLedger.effects);
      seen += fromLedger.duplicates;
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('the ledger summary is exact after seeking and fast-forwarding', () => {
  it('the same moment of the same run gives the same summary, however it was reached', () => {
    const suite = suites[1];
    if (!suite) throw new Error('the at-least-once suite is missing');
    const o = runSeed(suite, 2);
    const end = o.sim.frame(0).time;
    const atEnd = JSON.stringify(ledgerOf(o.sim));
    o.sim.seekSync(1_200);
    const atMiddle = JSON.stringify(ledgerOf(o.sim));
    expect(atMiddle).not.toBe(atEnd);
    o.sim.seekSync(end);
    expect(JSON.stringify(ledgerOf(o.sim))).toBe(atEnd);
    // A fresh run of the recorded actions, fast-forwarded, agrees too.
    const replay = startInProcess(suite.scenario(), 2, { actions: o.sim.recordedActions() });
    replay.fastForwardSync(end);
    expect(JSON.stringify(ledgerOf(replay))).toBe(atEnd);
    replay.seekSync(1_200);
    expect(JSON.stringify(ledgerOf(replay))).toBe(atMiddle);
  });
});
