/**
 * Raft's protection against disk faults (disk.ts): checksums that find garbled entries, their
 * repair from the leader, and the voting rule for a server that lost its last write. Sources:
 * Ongaro's thesis ("Consensus: Bridging Theory and Practice", 2014) §3.8 and §11.2 on stable
 * storage, §5.3 on log repair; Alagappan et al., "Protocol-Aware Recovery for Consensus-Based
 * Storage" (FAST 2018), on what naive recovery breaks.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationSuite } from '../../package';
import { encodeActions } from '../../share/run-link';
import { labHash } from '../../share/lab-link';
import type { Simulation } from '../../sim/simulation';
import { fromLab } from '../../testing/lab-suite';
import { scenarioById, startInProcess } from '../../testing/run';
import { firstFailing } from '../../testing/seed-runner';
import { checkLog, entryChecksum } from './log';
import { raftDiskNemesis } from './nemesis';
import { raftEntry } from './scenarios';
import type { BrokenVariant, LogEntry, RaftPersisted } from './types';
import { roleOf as role, voteTwice } from './schedules.testkit';

const entries: LogEntry[] = [
  { term: 1, command: { op: 'noop' } },
  { term: 1, command: { op: 'put', client: 'c1', seq: 1, key: 'x', value: 'a' } },
  { term: 2, command: { op: 'noop' } },
];
const diskOf = (log: readonly LogEntry[]): RaftPersisted => ({
  currentTerm: 2,
  votedFor: null,
  log,
  sums: entries.map(entryChecksum),
});

describe('entry checksums (thesis §11.2: a server must detect a corrupted disk, not trust it)', () => {
  it('are deterministic and change with any field of the entry', () => {
    const e = entries[1] as LogEntry;
    expect(entryChecksum(e)).toBe(entryChecksum(JSON.parse(JSON.stringify(e)) as LogEntry));
    expect(entryChecksum({ ...e, term: 2 })).not.toBe(entryChecksum(e));
    const garbled = { ...e, command: { ...e.command, value: 'b' } } as LogEntry;
    expect(entryChecksum(garbled)).not.toBe(entryChecksum(e));
  });

  it('keep the log up to the first garbled entry (Log Matching needs a prefix)', () => {
    expect(checkLog(diskOf(entries))).toEqual({ log: entries, garbledFrom: null });
    const garbled = [entries[0], { ...entries[1], term: 7 }, entries[2]] as LogEntry[];
    expect(checkLog(diskOf(garbled))).toEqual({ log: [entries[0]], garbledFrom: 2 });
    // A record garbled into something that is no entry at all is dropped too.
    const junk = [entries[0], entries[1], null] as unknown as LogEntry[];
    expect(checkLog(diskOf(junk)).garbledFrom).toBe(3);
  });
});

const lab3 = (broken: BrokenVariant | null) =>
  scenarioById('raft', { nodes: 3, settings: broken ? { broken } : {} });
const logsOf = (sim: Simulation, text: RegExp) =>
  sim.trace
    .filter((e) => e.k === 'log' && text.test(e.text))
    .map((e) => (e.k === 'log' ? `${e.node} ${e.text}` : ''));

/**
 * n3 votes for n1 in term 1; the fsync of that vote lied and n3 crashes; n3 restarts and n2
 * asks it for a vote in the same term (as crafted.test.ts's forget-voted-for schedule).
 */
export const lostVote = (broken: BrokenVariant | null): Simulation =>
  voteTwice(startInProcess(lab3(broken), 1), 'crash-lose-writes');

describe('a lost vote (a lying fsync; thesis §3.8: votedFor must be on stable storage before the reply)', () => {
  it('trust-lost-disk: the restarted voter votes again in term 1 and Election Safety catches two leaders', () => {
    const sim = lostVote('trust-lost-disk');
    expect(role(sim, 'n2')).toBe('leader');
    expect(sim.monitor.violations[0]).toMatchObject({
      invariant: 'election-safety',
      message: 'n1 and n2 are both leaders of term 1',
    });
    // The scripted run, as the link the e2e test opens.
    const link = labHash('raft', 1, 3, encodeActions(sim.recordedActions()), {
      broken: 'trust-lost-disk',
    });
    expect(link).toMatch(/^#\/lab\/raft\?seed=1&nodes=3&broken=trust-lost-disk&run=/);
  });

  it('protected: the restarted voter knows its last write was torn, refuses the vote, and trusts its disk again once caught up', () => {
    const sim = lostVote(null);
    expect(role(sim, 'n2')).toBe('candidate');
    expect(sim.monitor.violations).toEqual([]);
    expect(logsOf(sim, /torn|will not vote/)).toEqual([
      'n3 found its last write torn on disk: that write was lost',
      'n3 will not vote until every peer has said its term and it has caught up with a leader',
    ]);
    // Let the messages flow: n3 learns every peer's term, then catches up with a leader.
    sim.actSync({ type: 'hold-messages', on: false });
    for (const m of sim.frame().inFlight.filter((x) => x.heldSince !== null))
      sim.actSync({ type: 'deliver-message', msg: m.id });
    sim.runUntilSync(3000);
    expect(sim.monitor.violations).toEqual([]);
    const said = logsOf(sim, /heard every peer|trusts its disk/);
    expect(said[0]).toMatch(/^n3 heard every peer's term: it could have voted in no term above 1;/);
    expect(said[1]).toMatch(
      /^n3 trusts its disk again: it holds what n\d committed in term \d+, and may vote$/,
    );
  });

  it('a suspect server will not stand for election (it may not count its own vote)', () => {
    const sim = lostVote(null);
    sim.actSync({ type: 'protocol', node: 'n3', action: { id: 'timeout' } });
    expect(logsOf(sim, /stays a follower/)).toEqual([
      'n3 stays a follower: it cannot trust its disk yet, so it may not vote for itself',
    ]);
    expect(role(sim, 'n3')).toBe('follower');
  });
});

describe('a garbled log tail (thesis §5.3: the leader repairs a follower’s log)', () => {
  it('is found by checksum at boot, dropped, refilled from the leader, and the server then votes again', () => {
    const sim = startInProcess(
      scenarioById('raft', { nodes: 3, settings: { clients: '1', load: '40' } }),
      2,
    );
    sim.runUntilSync(1500);
    const leader = sim.frame().nodes.find((n) => n.role === 'leader')?.id;
    const follower = ['n1', 'n2', 'n3'].find((id) => id !== leader) as string;
    sim.actSync({ type: 'corrupt-disk', node: follower });
    sim.actSync({ type: 'restart', node: follower });
    const found = logsOf(sim, /garbled on disk/);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(
        `^${follower} found entr(y|ies) \\d+(–\\d+)? garbled on disk \\(checksum mismatch\\): dropped (it|them)$`,
      ),
    );
    expect(logsOf(sim, /will not vote/)).toEqual([
      `${follower} will not vote until it has caught up with a leader of term ${sim.frame().nodes.find((n) => n.id === follower)?.term} or later`,
    ]);
    sim.runUntilSync(3000);
    expect(sim.monitor.violations).toEqual([]);
    expect(logsOf(sim, /trusts its disk again/)).toHaveLength(1);
    // Repaired: its log is the leader's again, entry for entry.
    const logOf = (id: string) =>
      (
        sim.frame().nodes.find((n) => n.id === id)?.view as unknown as {
          log: { term: number; command: string }[];
        }
      ).log.map((e) => `${e.term} ${e.command}`);
    const now = sim.frame().nodes.find((n) => n.role === 'leader')?.id as string;
    expect(logOf(follower).length).toBeGreaterThan(0);
    expect(logOf(now).slice(0, logOf(follower).length)).toEqual(logOf(follower));
  });
});

describe('the seed runner catches trust-lost-disk under random disk faults', () => {
  it('3 servers, a fault every 40 ms: first caught on seed 1', () => {
    const suite: SimulationSuite = {
      name: 'trust-lost-disk, 3 servers',
      ...fromLab(raftEntry, 3, { broken: 'trust-lost-disk', clients: '2', load: '20' }),
      durationMs: 2000,
      faultEveryMs: 40,
      settleMs: 1000,
      seeds: 1,
      nemesis: raftDiskNemesis,
    };
    const caught = firstFailing(suite, 100);
    console.log(
      `trust-lost-disk: caught on seed ${caught?.seed}: ${caught?.failure}\nreplay: ${caught?.link}`,
    );
    expect(caught?.seed).toBe(1);
    expect(caught?.failure).toMatch(/^(election-safety|leader-completeness): /);
    expect(caught?.link).toMatch(/^#\/lab\/raft\?seed=1&nodes=3&broken=trust-lost-disk&/);
  });
});
