/**
 * The retry policies' delays (Brooker 2015) and the retry budget, as properties: every delay is
 * an integer in its kind's stated range and never above the cap; the same draws give the same
 * delays (seeded, deterministic); bad arguments are refused with a RangeError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../sim/prng';
import { emptyBudgetLedger, noteFirst, spendRetry } from './budget';
import {
  cappedExponential,
  decorrelatedJitterDelay,
  DELAYS,
  equalJitterDelay,
  exponentialDelay,
  fixedDelay,
  fullJitterDelay,
  retryDelay,
} from './delays';
import type { BackoffKind, RetryPolicy } from './types';

const policyArb = fc
  .record({
    baseMs: fc.integer({ min: 0, max: 10_000 }),
    capMs: fc.integer({ min: 0, max: 100_000 }),
  })
  .map(({ baseMs, capMs }): RetryPolicy => ({
    backoff: 'exponential',
    baseMs,
    capMs,
    maxAttempts: 5,
    timeoutMs: 1_000,
    deadlineMs: null,
    budget: null,
  }));
const POLICY: RetryPolicy = {
  backoff: 'exponential',
  baseMs: 100,
  capMs: 1_000,
  maxAttempts: 5,
  timeoutMs: 1_000,
  deadlineMs: null,
  budget: null,
};
const retryArb = fc.integer({ min: 1, max: 80 });
const uArb = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const prevArb = fc.integer({ min: 0, max: 200_000 });

describe('retry delays: each kind within its stated range', () => {
  it('fixed: the base every time (capped)', () => {
    fc.assert(
      fc.property(policyArb, retryArb, uArb, (p, n, u) => {
        expect(fixedDelay(p, n, p.baseMs, u)).toBe(Math.min(p.capMs, p.baseMs));
      }),
    );
  });

  it('capped exponential: min(cap, base · 2^(n−1)), doubling until the cap', () => {
    const p = POLICY;
    expect([1, 2, 3, 4, 5, 6].map((n) => exponentialDelay(p, n, 0, 0.5))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    fc.assert(
      fc.property(policyArb, retryArb, uArb, (p, n, u) => {
        const d = exponentialDelay(p, n, 0, u);
        expect(d).toBe(Math.floor(Math.min(p.capMs, p.baseMs * 2 ** (n - 1))));
        expect(d).toBeLessThanOrEqual(p.capMs);
      }),
    );
  });

  it('full jitter: an integer in [0, capped exponential)', () => {
    fc.assert(
      fc.property(policyArb, retryArb, uArb, (p, n, u) => {
        const d = fullJitterDelay(p, n, 0, u);
        const top = cappedExponential(p, n);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d <= top && (d < top || top === 0)).toBe(true);
      }),
    );
  });

  it('equal jitter: an integer in [half, capped exponential)', () => {
    fc.assert(
      fc.property(policyArb, retryArb, uArb, (p, n, u) => {
        const d = equalJitterDelay(p, n, 0, u);
        const top = cappedExponential(p, n);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(Math.floor(top / 2));
        expect(d).toBeLessThanOrEqual(top);
      }),
    );
  });

  it('decorrelated jitter: an integer in [base, 3 · previous), never above the cap', () => {
    fc.assert(
      fc.property(policyArb, retryArb, prevArb, uArb, (p, n, prev, u) => {
        const d = decorrelatedJitterDelay(p, n, prev, u);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeLessThanOrEqual(p.capMs);
        expect(d).toBeGreaterThanOrEqual(Math.min(p.capMs, p.baseMs));
        if (3 * prev > p.baseMs) expect(d).toBeLessThan(Math.max(3 * prev, p.baseMs + 1));
      }),
    );
  });

  it('decorrelated jitter: a draw a hair under 1 stays under 3 · previous (a counterexample fast-check found)', () => {
    const policy = {
      backoff: 'exponential',
      baseMs: 4780,
      capMs: 8193,
      maxAttempts: 5,
      timeoutMs: 1000,
      deadlineMs: null,
      budget: null,
    } as const;
    expect(decorrelatedJitterDelay(policy, 1, 2731, 0.9999999999999997)).toBe(8192);
  });

  it('every kind is pure: the same draws give the same delays, and a seeded stream replays', () => {
    const kinds = Object.keys(DELAYS) as BackoffKind[];
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 1_000 }), (p0, seed) => {
        for (const backoff of kinds) {
          const p = { ...p0, backoff };
          const run = () => {
            const rng = streamFor(seed, 'retry');
            let prev = p.baseMs;
            return [1, 2, 3, 4, 5, 6].map((n) => (prev = retryDelay(p, n, prev, rng.next())));
          };
          expect(run()).toEqual(run());
        }
      }),
    );
  });

  it('jitter spreads: over many draws full jitter covers its range, fixed does not move', () => {
    const p: RetryPolicy = { ...POLICY, capMs: 10_000 };
    const rng = streamFor(7, 'retry');
    const full = Array.from({ length: 400 }, () => fullJitterDelay(p, 4, 0, rng.next()));
    expect(Math.min(...full)).toBeLessThan(80);
    expect(Math.max(...full)).toBeGreaterThan(720);
    expect(new Set(full).size).toBeGreaterThan(200);
  });

  it('refuses a retry number below 1 and a draw outside [0, 1)', () => {
    const p = POLICY;
    for (const f of Object.values(DELAYS)) {
      expect(() => f(p, 0, 0, 0.5)).toThrow(RangeError);
      expect(() => f(p, 1.5, 0, 0.5)).toThrow(RangeError);
      expect(() => f(p, 1, 0, 1)).toThrow(RangeError);
      expect(() => f(p, 1, 0, -0.1)).toThrow(RangeError);
      expect(() => f(p, 1, 0, Number.NaN)).toThrow(RangeError);
    }
  });
});

describe('retry budget', () => {
  const budget = { ratio: 0.1, windowMs: 10_000, minRetriesPerSec: 0.2 };

  it('allows retries up to ratio × first attempts plus the floor, over the window', () => {
    const ledger = emptyBudgetLedger();
    for (let t = 0; t < 100; t++) noteFirst(ledger, budget, t * 10);
    // 0.1 × 100 + 0.2 × 10 s = 12 retries.
    const granted = Array.from({ length: 20 }, () => spendRetry(ledger, budget, 1_000)).filter(
      Boolean,
    ).length;
    expect(granted).toBe(12);
    // Ten seconds on, the window has forgotten them: the floor alone remains.
    const later = Array.from({ length: 5 }, () => spendRetry(ledger, budget, 20_000)).filter(
      Boolean,
    ).length;
    expect(later).toBe(2);
  });

  it('without a budget every retry is allowed and nothing is kept', () => {
    const ledger = emptyBudgetLedger();
    noteFirst(ledger, null, 0);
    expect(spendRetry(ledger, null, 0)).toBe(true);
    expect(ledger).toEqual({ firsts: [], retries: [] });
  });

  it('never grants more than the budget, whatever the traffic (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 50 })), { maxLength: 300 }),
        (steps) => {
          const ledger = emptyBudgetLedger();
          let now = 0;
          const retries: number[] = [];
          const firsts: number[] = [];
          for (const [first, dt] of steps) {
            now += dt;
            if (first) {
              noteFirst(ledger, budget, now);
              firsts.push(now);
            } else if (spendRetry(ledger, budget, now)) retries.push(now);
            const recent = (xs: number[]) => xs.filter((t) => t > now - budget.windowMs).length;
            expect(recent(retries)).toBeLessThanOrEqual(
              budget.ratio * recent(firsts) + (budget.minRetriesPerSec * budget.windowMs) / 1000,
            );
          }
        },
      ),
    );
  });
});
