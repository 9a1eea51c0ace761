/**
 * The retry storm preset (Bronson et al., HotOS 2021; Google SRE book ch. 22): a load at 70 %
 * of capacity and a 2 s slowdown. Without a budget, retries keep the server overloaded long
 * after the trigger (amplification above 3, goodput collapsed); a retry budget or load shedding
 * brings amplification back under 1.5 and the goodput back. All figures come from the
 * checker's summary, over its stated window.
 */
import { describe, expect, it } from 'vitest';
import { FIGURE_SAMPLE_MS, FIGURE_SAMPLES, FIGURES_WINDOW_MS } from './figures';
import { lab, server, summary } from './rpc.testkit';
import { STORM } from './scenarios';

const storm = (extra: Record<string, boolean>, seed: number) =>
  lab({ preset: 'retry-storm', ...extra }, 4, seed);

/** Six seconds after the trigger ended: long enough for any transient to pass. */
const AFTER = STORM.slowFromMs + STORM.slowForMs + 6_000;

describe('retry storm', () => {
  it('before the trigger the server keeps up: no retries, goodput near the offered load', () => {
    const sim = storm({}, 1);
    sim.runUntilSync(STORM.slowFromMs);
    const f = summary(sim).figures;
    expect(f.windowMs).toBe(FIGURES_WINDOW_MS);
    expect(f.amplification).toBe(1);
    // 70 % of 2 workers / 100 ms = 14 calls/s, drawn at random.
    expect(f.goodput).toBeGreaterThan(7);
    expect(f.utilisation).toBeLessThan(0.9);
  });

  for (const seed of [1, 2]) {
    it(`without a budget the storm outlives its trigger (seed ${seed}): amplification > 3, goodput collapsed`, () => {
      const sim = storm({}, seed);
      sim.runUntilSync(AFTER);
      const f = summary(sim).figures;
      expect(f.amplification).toBeGreaterThan(3);
      expect(f.goodput).toBeLessThan(1);
      expect(f.utilisation).toBe(1);
      expect(server(sim).queued).toBeGreaterThan(100);
    });

    it(`a retry budget ends it (seed ${seed}): amplification < 1.5, and the goodput returns`, () => {
      const sim = storm({ budget: true }, seed);
      sim.runUntilSync(AFTER);
      expect(summary(sim).figures.amplification).toBeLessThan(1.5);
      sim.runUntilSync(AFTER + 4_000);
      const f = summary(sim).figures;
      expect(f.amplification).toBeLessThan(1.5);
      expect(f.goodput).toBeGreaterThan(7);
    });

    it(`load shedding ends it (seed ${seed}): amplification < 1.5, goodput back, the queue bounded`, () => {
      const sim = storm({ shedding: true }, seed);
      sim.runUntilSync(AFTER);
      const f = summary(sim).figures;
      expect(f.amplification).toBeLessThan(1.5);
      expect(f.goodput).toBeGreaterThan(7);
      expect(server(sim).queued).toBeLessThanOrEqual(STORM.queueLimit);
      expect(summary(sim).figures.p99Ms).toBeLessThan(STORM.timeoutMs * 2);
    });
  }

  it('the figures over time chart the storm: calm before the trigger, above 3 after it, bounded and in order', () => {
    const sim = storm({}, 1);
    sim.runUntilSync(AFTER + 60_000);
    const history = summary(sim).history;
    expect(history.length).toBe(FIGURE_SAMPLES);
    for (let i = 1; i < history.length; i++) {
      const [a, b] = [history[i - 1], history[i]];
      expect(Math.floor((b?.t ?? 0) / FIGURE_SAMPLE_MS)).toBeGreaterThan(
        Math.floor((a?.t ?? 0) / FIGURE_SAMPLE_MS),
      );
    }
    const early = storm({}, 1);
    early.runUntilSync(AFTER);
    const h = summary(early).history;
    expect(h.filter((x) => x.t < STORM.slowFromMs).every((x) => x.amplification === 1)).toBe(true);
    expect(h[h.length - 1]?.amplification).toBeGreaterThan(3);
    expect(h[h.length - 1]?.t).toBeGreaterThan(AFTER - FIGURE_SAMPLE_MS);
  });
});
