/**
 * The lab's UI state: what the views read. The controller is its only writer; views select
 * from it and change it only through the controller's functions (eslint.config.js checks).
 */
import { create } from 'zustand';
import type { RecordedOp } from '../engine/check/history';
import type { ProtocolActionSpec } from '../engine/protocol';
import type { SettingValues } from '../engine/scenarios/settings';
import type { Frame, FrameMessage } from '../engine/sim/frame';
import type { TraceEntry } from '../engine/sim/trace';
import type { Capabilities } from './capabilities';
import type { HistoryVerdict } from './history-verdict';
import type { TimelineView } from './timeline';
import type { SpaceTimeWindow } from './view-fold';

/** Panels beside the cluster view that a lesson step may show or hide (to cut noise). */
export type OptionalPanel =
  | 'spacetime'
  | 'inspector'
  | 'checks'
  | 'client'
  | 'events'
  | 'partition'
  | 'replicas'
  | 'history'
  | 'sweep'
  /** Raft: every server's log side by side. */
  | 'logs'
  /**
   * Paxos: the moment a value was chosen — its card, its timeline marker and the quorums
   * drawn — hidden until a lesson reveals it (after a prediction).
   */
  | 'chosen'
  /** Paxos: the same fault script on Multi-Paxos and Raft, what a decision costs each. */
  | 'compare'
  /** Sharding: where each key range or bucket lives, load per shard, moves and figures. */
  | 'shard-map'
  /** Sharding: the key-space × time heat map of requests. */
  | 'heat'
  /** Hash ring: the ring itself (arcs, keys, the servers' table). */
  | 'ring'
  /** Hash ring: keys moved by the last change, against the ideal K/N. */
  | 'moved'
  /** Hash ring: the last change under every placement scheme, and the spread plot. */
  | 'placement'
  /** Hash ring: each node's view of the membership, misroutes, the hit-rate chart. */
  | 'membership'
  /** RPC: each logical request, its attempts and the charges applied, with the causes of duplicates. */
  | 'ledger'
  /** RPC: goodput, amplification, latency, utilisation and shed, and amplification over time. */
  | 'rpc-figures'
  /** Message queues: depth per group and partition over time, unacknowledged, redeliveries, the DLQ. */
  | 'broker-queues';

export type LabStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface LabState {
  readonly status: LabStatus;
  /** Why the lab could not start (unknown scenario, broken worker…). */
  readonly error: string | null;
  /** A problem that did not stop the lab (a malformed shared run, a rejected action). */
  readonly notice: string | null;
  readonly scenarioId: string;
  readonly scenarioTitle: string;
  readonly seed: number;
  readonly nodeCount: number | null;
  /** The scenario's settings in force (defaults filled in). */
  readonly settings: SettingValues;
  readonly playing: boolean;
  /** Virtual milliseconds per wall-clock millisecond. */
  readonly speed: number;
  /** The speed the run achieves when it falls short of `speed` (a busy machine); else null. */
  readonly achievedSpeed: number | null;
  readonly frame: Frame | null;
  /** The notable events so far (faults, protocol narration, losses), most recent last. */
  readonly narration: readonly TraceEntry[];
  /** The clients' recorded operations so far (for the history diagram and its checker). */
  readonly history: readonly RecordedOp[];
  /** The linearizability checker's verdict on `history` (checked off the render path). */
  readonly historyVerdict: HistoryVerdict | null;
  /** What the space-time diagram draws: the latest trace entries and their messages' sends. */
  readonly spacetime: SpaceTimeWindow;
  /** Each violated invariant's events, in words (by check id). */
  readonly violationEvents: Readonly<Record<string, readonly string[]>>;
  /** How the inspected message came to be, in words (empty for a node). */
  readonly inspectedHistory: readonly string[];
  readonly timeline: TimelineView;
  /** What the inspector shows: a node, or a message (kept after it is delivered). */
  readonly inspected: Inspected;
  /** Each protocol's node actions (by protocol id), for the node menu. */
  readonly protocolActions: Readonly<Record<string, readonly ProtocolActionSpec[]>>;
  /** 'lesson' hides what would leave the lesson's run (seed, reset, settings, share). */
  readonly mode: 'lab' | 'lesson';
  /** What the learner may do now; null = everything (the lab, a lesson's sandbox). */
  readonly allow: Capabilities | null;
  /** Nodes a lesson points at (drawn with a pulsing ring; named in their label). */
  readonly highlight: readonly string[];
  /** The optional panels shown; null = all of them (the lab, a lesson's sandbox). */
  readonly panels: readonly OptionalPanel[] | null;
  /** What shortcuts and the command palette act on: the node, link or message last clicked or focused. */
  readonly selected: Selected;
}

/** The selected target, by id (the frame holds its current state). */
export type Selected =
  | { readonly kind: 'node'; readonly id: string }
  | { readonly kind: 'link'; readonly a: string; readonly b: string }
  | { readonly kind: 'message'; readonly id: number }
  | null;

export const DEFAULT_SPEED = 0.25;

export type Inspected =
  | { readonly kind: 'node'; readonly id: string }
  | { readonly kind: 'message'; readonly message: FrameMessage }
  | null;

export const useLab = create<LabState>(() => ({
  status: 'idle',
  error: null,
  notice: null,
  scenarioId: '',
  scenarioTitle: '',
  seed: 1,
  nodeCount: null,
  settings: {},
  playing: true,
  speed: DEFAULT_SPEED,
  achievedSpeed: null,
  frame: null,
  narration: [],
  history: [],
  historyVerdict: null,
  spacetime: { entries: [], sends: new Map(), from: 0 },
  violationEvents: {},
  inspectedHistory: [],
  protocolActions: {},
  timeline: { horizon: 0, markers: [], branch: 0, inPast: false, replaying: null },
  inspected: null,
  mode: 'lab',
  allow: null,
  panels: null,
  highlight: [],
  selected: null,
}));
