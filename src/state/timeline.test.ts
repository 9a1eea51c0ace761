/**
 * The timeline marks moments only a checker sees: a Paxos value becomes chosen when the last
 * acceptor of a phase-2 quorum accepts it (Lamport, "Paxos Made Simple", 2001, §2.3), before
 * any learner knows — so no node logs it, and the marker comes from the Agreement checker.
 */
import { describe, expect, it } from 'vitest';
import { paxosEntry } from '../engine/protocols/paxos/scenarios';
import { startInProcess } from '../engine/testing/run';
import { TimelineTracker } from './timeline';

describe('TimelineTracker and checkers’ moments', () => {
  it('marks the moment a Paxos value was chosen once, kept when seeking back before it', () => {
    const sim = startInProcess(paxosEntry.build({ nodes: 5, settings: { proposers: 2 } }), 2, {
      checkpointEveryMs: 100,
    });
    const tracker = new TimelineTracker(sim);
    sim.runUntilSync(2000);
    tracker.update();
    const chosen = tracker.update().view.markers.filter((m) => m.kind === 'chosen');
    expect(chosen).toHaveLength(1);
    const [mark] = chosen;
    expect(mark?.text).toMatch(/^[AB] chosen in ballot \d+\.n\d: n\d completed the quorum of 3/);
    expect(mark?.revealedBy).toBe('chosen');
    // Seeking back before it: the marker stays (the future is still there), not doubled.
    sim.seekSync(Math.max(0, (mark?.t ?? 0) - 50));
    expect(tracker.update().view.markers.filter((m) => m.kind === 'chosen')).toHaveLength(1);
    sim.runUntilSync(2000);
    expect(tracker.update().view.markers.filter((m) => m.kind === 'chosen')).toHaveLength(1);
  });
});
