/**
 * Paxos beside Raft (issue 14): one workload and one fault script, run on the Multi-Paxos lab
 * and on the Raft lab, measured by `decisionCost` (engine/measure). This module holds the
 * scripts as data and turns the two measurements into words; the panel only draws them.
 */
import type { DecisionCost, ScriptedFault } from '../../../engine/measure/decision-cost';
import { labHash } from '../../../engine/share/lab-link';
import { encodeActions } from '../../../engine/share/run-link';

/** The two labs compared, Multi-Paxos first (the lab this panel lives in). */
export const COMPARED = [
  { scenarioId: 'multi-paxos', protocol: 'Multi-Paxos' },
  { scenarioId: 'raft', protocol: 'Raft' },
] as const;

/** The workload both labs run: servers, clients and how often each client sends a request. */
export const WORKLOAD = { servers: 5, clients: 2, loadMs: 100, durationMs: 6000 } as const;

/** A fault script the learner can choose: its faults and how the panel says them. */
export interface CompareScript {
  readonly id: string;
  /** The choice's label, e.g. "Crash n1 from 2 s to 4 s". */
  readonly label: string;
  /** The faults in words, for the sentence under the choice ("n1 crashes at 2 s …"). */
  readonly words: string;
  readonly faults: readonly ScriptedFault[];
}

export const COMPARE_SCRIPTS: readonly CompareScript[] = [
  { id: 'none', label: 'No faults', words: 'no faults', faults: [] },
  {
    id: 'crash',
    label: 'Crash n1 from 2 s to 4 s',
    words: 'n1 crashes at 2 s and restarts at 4 s',
    faults: [
      { atMs: 2000, action: { type: 'crash', node: 'n1' } },
      { atMs: 4000, action: { type: 'restart', node: 'n1' } },
    ],
  },
  {
    id: 'partition',
    label: 'Partition {n1, n2} | {n3, n4, n5} from 2 s to 4 s',
    words:
      'the servers split into {n1, n2} and {n3, n4, n5} at 2 s (the clients still reach both sides) and heal at 4 s',
    faults: [
      {
        atMs: 2000,
        action: {
          type: 'partition',
          groups: [
            ['n1', 'n2'],
            ['n3', 'n4', 'n5'],
          ],
        },
      },
      { atMs: 4000, action: { type: 'heal' } },
    ],
  },
];

/** The scenario settings both labs get, so their clients send the same load. */
export const compareSettings = () => ({ clients: WORKLOAD.clients, load: WORKLOAD.loadMs });

/**
 * The lab link that replays a measured run: the same seed, servers and client load, and the
 * faults as that run recorded them (none: no `run=`).
 */
export function compareLink(scenarioId: string, seed: number, c: DecisionCost): string {
  const settings = Object.fromEntries(
    Object.entries(compareSettings()).map(([k, v]) => [k, String(v)]),
  );
  const run = c.actions.length > 0 ? encodeActions(c.actions) : null;
  return labHash(scenarioId, seed, WORKLOAD.servers, run, settings);
}

/**
 * The whole run in one sentence: "5 servers, 2 clients each sending a request every 100 ms
 * (7 in 10 of them writes); n1 crashes at 2 s and restarts at 4 s; 6 s; seed 3."
 */
export function scriptInWords(script: CompareScript, seed: number): string {
  const w = WORKLOAD;
  return `${w.servers} servers, ${w.clients} clients each sending a request every ${w.loadMs} ms (7 in 10 of them writes); ${script.words}; ${w.durationMs / 1000} s; seed ${seed}.`;
}

/** One row of the table, every cell in words. */
export interface CostRow {
  readonly protocol: string;
  readonly decisions: string;
  readonly messagesPerDecision: string;
  readonly medianMs: string;
  readonly p95Ms: string;
}

const ms = (x: number | null) => (x === null ? 'none decided' : `${Math.round(x)} ms`);

/** A measurement as a table row; figures that need a decision say "none decided", not 0. */
export function costRow(protocol: string, c: DecisionCost): CostRow {
  return {
    protocol,
    decisions: String(c.decisions),
    messagesPerDecision:
      c.messagesPerDecision === null ? 'none decided' : c.messagesPerDecision.toFixed(1),
    medianMs: ms(c.medianMs),
    p95Ms: ms(c.p95Ms),
  };
}

/**
 * The result read honestly, in two sentences: which protocol sent fewer messages per
 * decision and what that count includes, then how the times compare.
 */
export function readingOf(paxos: DecisionCost, raft: DecisionCost): string {
  const include =
    'every message of the run counts (leader heartbeats, client requests and answers, and the reads, which are not counted as decisions), so this is the cost of the same workload, not of one round';
  const mp = paxos.messagesPerDecision;
  const rp = raft.messagesPerDecision;
  const messages =
    mp === null || rp === null
      ? `${mp === null ? 'Multi-Paxos' : 'Raft'} decided nothing in this run, so its cost per decision cannot be given; ${include}.`
      : `Multi-Paxos sent ${mp.toFixed(1)} messages per decision and Raft ${rp.toFixed(1)}: ${include}.`;
  const pm = paxos.medianMs;
  const rm = raft.medianMs;
  const times =
    pm === null || rm === null
      ? ''
      : ` A write took ${Math.round(pm)} ms (median) to decide on Multi-Paxos and ${Math.round(rm)} ms on Raft, from the client's request to its answer.`;
  return messages.charAt(0).toUpperCase() + messages.slice(1) + times;
}
