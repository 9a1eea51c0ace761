/**
 * The retry policy's figures over a sliding window of virtual time (`RpcFigures`): goodput,
 * amplification, p50/p99 latency, utilisation and shed. The checker keeps the raw series (times
 * of attempts, starts, answers, sheds, and each server's busy workers) and prunes what falls out
 * of the window; these pure functions read them at "now".
 */
import type { RpcFigureSample, RpcFigures } from './summary';

/** The window the figures cover, ms of virtual time. */
export const FIGURES_WINDOW_MS = 2_000;

/** How often the figures are sampled for the chart over time, ms of virtual time. */
export const FIGURE_SAMPLE_MS = 250;
/** How many samples are kept: a minute of virtual time (a bounded history, VOPR-style). */
export const FIGURE_SAMPLES = 240;

/** A server's busy workers, as a step function: `busy` from time `t` on. */
export interface BusyStep {
  readonly t: number;
  readonly busy: number;
}

/** What the figures are computed from. Times are virtual ms, ascending in each list. */
export interface Series {
  attempts: number[];
  starts: number[];
  /** Requests that got a definite answer (ok or error): when, and how long from first send. */
  answered: { t: number; latencyMs: number; ok: boolean }[];
  shed: number[];
  /** Per server: its workers and its busy steps (the first may start before the window). */
  busy: Record<string, { workers: number; steps: BusyStep[] }>;
}

/** The series of a run that has not begun. */
export const emptySeries = (): Series => ({
  attempts: [],
  starts: [],
  answered: [],
  shed: [],
  busy: {},
});

/** Drops what lies before `now − window` (keeping each server's busy level at the window's start). */
export function pruneSeries(s: Series, now: number, windowMs = FIGURES_WINDOW_MS): void {
  const from = now - windowMs;
  const cut = <T>(xs: T[], time: (x: T) => number) => {
    let n = 0;
    while (n < xs.length && time(xs[n] as T) < from) n++;
    if (n > 0) xs.splice(0, n);
  };
  cut(s.attempts, (t) => t);
  cut(s.starts, (t) => t);
  cut(s.answered, (a) => a.t);
  cut(s.shed, (t) => t);
  for (const b of Object.values(s.busy)) {
    // Keep the last step at or before the window's start: it says how busy the start was.
    let n = 0;
    while (n + 1 < b.steps.length && (b.steps[n + 1] as BusyStep).t <= from) n++;
    if (n > 0) b.steps.splice(0, n);
  }
}

/** Nearest-rank percentile `p` (0…100) of `xs`; null when empty. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Busy worker-ms of one server over [from, now]. */
function busyMs(steps: readonly BusyStep[], from: number, now: number): number {
  let total = 0;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as BusyStep;
    const start = Math.max(from, step.t);
    const end = Math.min(now, (steps[i + 1] as BusyStep | undefined)?.t ?? now);
    if (end > start) total += step.busy * (end - start);
  }
  return total;
}

/**
 * The figures at `now` over the last `windowMs` (shorter at the start of a run: the window is
 * what has elapsed). Amplification is attempts sent over logical requests started in the window
 * (1 when none started and none sent; the attempts themselves when retries alone were sent).
 */
export function figuresAt(s: Series, now: number, windowMs = FIGURES_WINDOW_MS): RpcFigures {
  const from = now - windowMs;
  const span = Math.max(1, Math.min(windowMs, now));
  const inWindow = (t: number) => t >= from && t <= now;
  const attempts = s.attempts.filter(inWindow).length;
  const starts = s.starts.filter(inWindow).length;
  const answered = s.answered.filter((a) => inWindow(a.t));
  let busy = 0;
  let capacity = 0;
  for (const b of Object.values(s.busy)) {
    busy += busyMs(b.steps, Math.max(0, from), now);
    capacity += b.workers * span;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    windowMs,
    goodput: round(answered.filter((a) => a.ok).length / (span / 1000)),
    amplification: round(starts > 0 ? attempts / starts : attempts > 0 ? attempts : 1),
    p50Ms: percentile(
      answered.map((a) => a.latencyMs),
      50,
    ),
    p99Ms: percentile(
      answered.map((a) => a.latencyMs),
      99,
    ),
    utilisation: capacity > 0 ? round(Math.min(1, busy / capacity)) : 0,
    shed: s.shed.filter(inWindow).length,
  };
}

/**
 * Appends the figures at `now` to `samples` when `now` has entered a new `FIGURE_SAMPLE_MS`
 * slot since the last sample (events are the only moments the checker sees, so a quiet stretch
 * leaves a gap), dropping the oldest beyond `FIGURE_SAMPLES`. Mutates `samples` (the
 * checker's memory) and returns it.
 */
export function sampleFigures(
  samples: RpcFigureSample[],
  s: Series,
  now: number,
): RpcFigureSample[] {
  const last = samples[samples.length - 1];
  if (
    last !== undefined &&
    Math.floor(now / FIGURE_SAMPLE_MS) <= Math.floor(last.t / FIGURE_SAMPLE_MS)
  )
    return samples;
  const f = figuresAt(s, now);
  samples.push({ t: now, amplification: f.amplification, goodput: f.goodput });
  if (samples.length > FIGURE_SAMPLES) samples.splice(0, samples.length - FIGURE_SAMPLES);
  return samples;
}
