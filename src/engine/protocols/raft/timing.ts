/**
 * Raft's timing requirement (§5.6 of the paper, thesis §9.3): broadcastTime ≪
 * electionTimeout. Timings that break it still run, but elections never settle; the settings
 * form says so beside the field rather than refusing (a learner may want to watch it fail).
 */
import type { SettingWarning } from '../../scenarios/settings';

/** The timings a warning is judged on, all in ms. */
export interface RaftTimings {
  readonly electionMinMs: number;
  readonly electionMaxMs: number;
  readonly heartbeatMs: number;
  /** A request and its reply on the lab’s links: about 2 × (latency + jitter). */
  readonly roundTripMs: number;
}

/**
 * What will go wrong with these timings, in words, keyed by the setting to show it beside
 * (`heartbeat`, `electionMin`, `electionMax`). Values that are not finite numbers (a field
 * being typed) are not judged. Empty when the timings are sound.
 */
export function raftTimingWarnings(t: RaftTimings): SettingWarning[] {
  const { electionMinMs: min, electionMaxMs: max, heartbeatMs: hb, roundTripMs: rtt } = t;
  const ok = (...xs: number[]) => xs.every(Number.isFinite);
  const warnings: SettingWarning[] = [];
  // A follower hears nothing for a whole heartbeat interval; if that reaches its timeout it
  // starts an election while the leader is healthy.
  if (ok(hb, min) && hb >= min)
    warnings.push({
      key: 'heartbeat',
      text: `The heartbeat (${hb} ms) is not shorter than the shortest election timeout (${min} ms): followers will time out between heartbeats and elections will never settle.`,
    });
  // A candidate's timer is re-armed when it stands: votes must come back before it fires.
  if (ok(min, rtt) && min < rtt)
    warnings.push({
      key: 'electionMin',
      text: `The shortest election timeout (${min} ms) is shorter than a round trip on the lab’s links (about ${rtt} ms): a candidate may time out before its votes arrive.`,
    });
  // Randomized timeouts work by letting one server time out a round trip before the others
  // (§5.2); a narrower spread makes split votes the rule.
  if (ok(min, max, rtt) && max >= min && max - min < rtt)
    warnings.push({
      key: 'electionMax',
      text: `The election timeouts span only ${max - min} ms (${min}–${max} ms), less than a round trip on the lab’s links (about ${rtt} ms): servers will time out together, split their votes, and elections may never settle.`,
    });
  return warnings;
}
