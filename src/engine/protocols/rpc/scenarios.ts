/**
 * The RPC lab (`#/lab/rpc`): one payment server and clients calling it (node ids `server`,
 * `c1`, `c2`, …; client i charges its own account, alice, bob, carol, …). The settings are the
 * "Semantics" selector, the operation, the retry policy, the server's workers, queue, load
 * shedding and dedup table, the workload, the network, a broken variant, and the "retry storm"
 * preset. The simulation suites run this builder, so a failing seed's link replays in the lab.
 */
import type { Scenario } from '../../scenario';
import type { ScenarioEntry } from '../../scenarios/entry';
import { brokenOf, brokenVariantSetting } from '../../scenarios/broken';
import {
  numberSetting,
  type SettingValues,
  type SettingWarning,
  settingNumber,
} from '../../scenarios/settings';
import { BACKOFF_CHOICES } from './retry/delays';
import type { BackoffKind, RetryPolicy } from './retry/types';
import { RPC_BROKEN_VARIANTS } from './variants';

/** The server's node id. */
export const RPC_SERVER = 'server';

/** The account client i (1-based) charges. */
export const ACCOUNTS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
export const accountOf = (i: number): string => ACCOUNTS[(i - 1) % ACCOUNTS.length] ?? 'alice';

/**
 * The retry storm preset (Bronson et al., "Metastable Failures in Distributed Systems", HotOS
 * 2021): load at 70 % of the server's capacity, a 500 ms timeout, up to 5 attempts with capped
 * exponential backoff, and a trigger — from 1 s to 3 s every call takes 5 × longer. Retries
 * then keep the queue longer than the timeout after the trigger ends, unless a retry budget or
 * load shedding stops them. Semantics, budget and shedding stay the learner's.
 */
export const STORM = {
  workers: 2,
  serviceMs: 100,
  /** Share of capacity the workload offers. */
  load: 0.7,
  timeoutMs: 500,
  backoff: 'exponential' as BackoffKind,
  baseMs: 100,
  capMs: 1_000,
  maxAttempts: 5,
  slowFromMs: 1_000,
  slowForMs: 2_000,
  slowFactor: 5,
  queueLimit: 4,
  latencyMs: 20,
} as const;

const num = settingNumber;

/** The lab scenario `#/lab/rpc`, with its settings (see the module comment). */
export const rpcEntry: ScenarioEntry = {
  id: 'rpc',
  title: 'Remote calls: retries and idempotency',
  description:
    'Clients call a payment server that charges accounts. Lose a request or a reply, slow the server, crash it before or after the charge: a timeout leaves the outcome unknown, a retry may charge twice. Choose the semantics, the retry policy and the dedup table, and watch the ledger.',
  minNodes: 2,
  maxNodes: 9,
  defaultNodes: 3,
  nodesHelp: 'One payment server and the rest clients (c1 charges alice, c2 bob, …).',
  lessonSettings: { rate: '0' },
  settings: [
    {
      key: 'semantics',
      label: 'Semantics',
      kind: 'choice',
      choices: [
        { value: 'at-most-once', label: 'at-most-once (never retry)' },
        { value: 'at-least-once', label: 'at-least-once (retry, no dedup)' },
        {
          value: 'idempotency-key',
          label: 'idempotency keys (retry with a key; the server dedups)',
        },
      ],
      default: 'at-least-once',
      help: 'What the client does after a timeout, and whether the server can recognise a retry.',
    },
    {
      key: 'op',
      label: 'Operation',
      kind: 'choice',
      choices: [
        { value: 'withdraw', label: 'withdraw 10 (not idempotent)' },
        { value: 'set', label: 'set balance = 90 if version = v (a conditional write)' },
      ],
      default: 'withdraw',
      help: 'What the workload’s calls do. A conditional write run twice finds the version moved on: harmless.',
    },
    {
      key: 'persistDedup',
      label: 'Persist dedup table',
      kind: 'boolean',
      default: true,
      help: 'Write the idempotency keys to disk with the ledger; off, a crash forgets them.',
    },
    numberSetting('dedupTtl', 'Dedup entries kept for', [1, 86_400], 60, {
      unit: 's',
      help: 'A completed key expires after this long; a retry after that runs again.',
    }),
    numberSetting('rate', 'Calls per client', [0, 50], 0.5, {
      unit: '/s',
      help: 'The workload: logical requests each client starts per second (random arrivals); 0 for none.',
    }),
    numberSetting('timeout', 'Client timeout', [10, 60_000], 1_000, {
      unit: 'ms',
      help: 'How long a client waits for a reply before the attempt counts as timed out (outcome unknown).',
    }),
    {
      key: 'backoff',
      label: 'Retry backoff',
      kind: 'choice',
      choices: BACKOFF_CHOICES,
      default: 'exponential',
      help: 'How the wait before each retry grows; jitter spreads clients apart (Brooker 2015).',
    },
    numberSetting('base', 'Backoff base', [0, 60_000], 200, { unit: 'ms', atMost: 'cap' }),
    numberSetting('cap', 'Backoff cap', [0, 600_000], 5_000, { unit: 'ms' }),
    numberSetting('attempts', 'Maximum attempts', [1, 20], 4, {
      help: 'Attempts per logical request, the first included (at-most-once always makes one).',
    }),
    numberSetting('deadline', 'Deadline', [0, 600_000], 0, {
      unit: 'ms',
      help: 'Give up this long after the first attempt; 0 for no deadline.',
    }),
    {
      key: 'budget',
      label: 'Retry budget',
      kind: 'boolean',
      default: false,
      help: 'Let each client retry at most a share of its recent requests (plus one every 5 s), as Finagle and gRPC do.',
    },
    numberSetting('budgetRatio', 'Retry budget share', [0, 100], 10, {
      unit: '%',
      help: 'Retries allowed per 100 first attempts in the last 10 s.',
    }),
    numberSetting('workers', 'Server workers', [1, 16], 2, {
      help: 'Calls the server serves at once; the rest wait in its queue.',
    }),
    numberSetting('service', 'Service time', [1, 10_000], 100, { unit: 'ms' }),
    {
      key: 'shedding',
      label: 'Load shedding',
      kind: 'boolean',
      default: false,
      help: 'Refuse a call at once (503) when the queue is full, instead of letting it wait past its timeout.',
    },
    numberSetting('queueLimit', 'Queue limit', [0, 1_000], 10, {
      help: 'Calls that may wait when load shedding is on.',
    }),
    numberSetting('latency', 'Network latency', [1, 5_000], 150, { unit: 'ms' }),
    numberSetting('loss', 'Message loss', [0, 90], 0, {
      unit: '%',
      help: 'The chance that the network loses any one message. At 0 only the ones you drop are lost.',
    }),
    {
      key: 'preset',
      label: 'Preset',
      kind: 'choice',
      choices: [
        { value: 'none', label: 'none (the settings above)' },
        {
          value: 'retry-storm',
          label: 'retry storm: load at 70 % of capacity, the server slowed from 1 s to 3 s',
        },
      ],
      default: 'none',
      help: 'The retry storm sets the load, service, timeout, backoff, attempts and queue limit; semantics, retry budget and load shedding stay yours.',
    },
    brokenVariantSetting(RPC_BROKEN_VARIANTS, 'a dedup table that keeps completed keys'),
  ],
  warnings(v) {
    const out: SettingWarning[] = [];
    const roundTrip = 2 * Number(v.latency) + Number(v.service);
    if (v.preset !== 'retry-storm' && Number(v.timeout) <= roundTrip)
      out.push({
        key: 'timeout',
        text: `Shorter than a round trip plus the service time (about ${roundTrip} ms): every attempt will time out.`,
      });
    if (v.semantics === 'at-most-once' && Number(v.attempts) > 1)
      out.push({
        key: 'attempts',
        text: 'At-most-once never retries: one attempt, whatever this says.',
      });
    return out;
  },
  build(params) {
    return buildRpc(params.nodes ?? this.defaultNodes, params.settings ?? {});
  },
};

/** The scenario for `nodes` nodes (1 server, the rest clients) and the lab's settings. */
export function buildRpc(nodes: number, s: SettingValues): Scenario {
  const n = Math.min(9, Math.max(2, Math.round(nodes)));
  const clients = n - 1;
  const storm = s.preset === 'retry-storm';
  const semantics =
    s.semantics === 'at-most-once' || s.semantics === 'idempotency-key'
      ? s.semantics
      : 'at-least-once';
  const workers = storm ? STORM.workers : Math.round(num(s.workers, 2));
  const serviceMs = storm ? STORM.serviceMs : Math.round(num(s.service, 100));
  const timeoutMs = storm ? STORM.timeoutMs : Math.round(num(s.timeout, 1_000));
  const capacityPerSec = (workers * 1000) / serviceMs;
  const rate = storm ? (STORM.load * capacityPerSec) / clients : num(s.rate, 0.5);
  const budgetRatio = num(s.budgetRatio, 10) / 100;
  const deadline = Math.round(num(s.deadline, 0));
  const policy: RetryPolicy = {
    backoff: storm
      ? STORM.backoff
      : (BACKOFF_CHOICES.find((c) => c.value === s.backoff)?.value ?? 'exponential'),
    baseMs: storm ? STORM.baseMs : Math.round(num(s.base, 200)),
    capMs: storm ? STORM.capMs : Math.round(num(s.cap, 5_000)),
    maxAttempts: storm ? STORM.maxAttempts : Math.round(num(s.attempts, 4)),
    timeoutMs,
    deadlineMs: deadline > 0 ? deadline : null,
    budget:
      s.budget === true ? { ratio: budgetRatio, windowMs: 10_000, minRetriesPerSec: 0.2 } : null,
  };
  const loss = Math.min(0.9, Math.max(0, num(s.loss, 0) / 100));
  const latencyMs = storm ? STORM.latencyMs : Math.round(num(s.latency, 150));
  return {
    id: 'rpc',
    title: rpcEntry.title,
    description: rpcEntry.description,
    nodes: [
      {
        id: RPC_SERVER,
        protocol: 'rpc-server',
        options: {
          workers,
          serviceMs,
          shedding: s.shedding === true,
          queueLimit: storm ? STORM.queueLimit : Math.round(num(s.queueLimit, 10)),
          persistDedup: s.persistDedup !== false,
          dedupTtlMs: Math.round(num(s.dedupTtl, 60) * 1000),
          // "Slow down the next call": well past the client's timeout.
          slowCallMs: 3 * timeoutMs,
          slowFromMs: storm ? STORM.slowFromMs : null,
          slowForMs: storm ? STORM.slowForMs : 0,
          slowFactor: storm ? STORM.slowFactor : 1,
          broken: brokenOf(s),
        },
      },
      ...Array.from({ length: clients }, (_, i) => ({
        id: `c${i + 1}`,
        protocol: 'rpc-client',
        options: {
          server: RPC_SERVER,
          semantics,
          policy: policy as unknown as Record<string, never>,
          ratePerSec: rate,
          op: s.op === 'set' ? 'set' : 'withdraw',
          account: accountOf(i + 1),
          amount: 10,
        },
      })),
    ],
    network: { defaults: { latencyMs, jitterMs: Math.round(latencyMs / 5), loss } },
  };
}
