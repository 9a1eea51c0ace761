/**
 * L15 — RPC with request ids: timeouts, retries, at-most-once (CURRICULUM.md §4, L15;
 * Birrell & Nelson 1984; Stripe, "Idempotent requests"). One client, c1, calls a payment
 * server that charges alice's account (100). Messages wait in hold mode so the learner can
 * drop the reply: without request ids the retry charges twice (80); with idempotency keys the
 * server replays its stored answer (90). Then a crash after the charge, before the reply:
 * with the dedup table in memory the retry charges again, on disk it replays. Last, a
 * conditional write retried blindly is harmless. Goals read the checker "Each request takes
 * effect at most once" (its ledger summary) and the server's facts.
 */
import { meta } from './l15-rpc.meta';
import { golden } from './l15-rpc.golden';
import { sandbox } from './l15-rpc.sandbox';
import {
  CONTROLS,
  CRASH_ATTEMPTS,
  crashRun,
  HELD_TIMEOUT_MS,
  heldRun,
  PANELS,
} from './l15-rpc.run';
import {
  balance,
  charges,
  CLIENT,
  crashedAfterCharge,
  dedupHits,
  droppedCall,
  droppedReplies,
  duplicates,
  firstDuplicate,
  harmlessRetry,
  restartedServer,
  retried,
  SERVER,
  serverCrashes,
  times,
} from './rpc-goals';
import { actionsOf, factsOf, saw, str, varText, why } from './goals';
import type { Goal, Lesson, NearMiss, Step } from './types';

const HOLD = [{ type: 'hold-messages', on: true }] as const;
const HELD_SECONDS = HELD_TIMEOUT_MS / 1000;

const droppedReply: Goal = {
  description: 'You dropped the server’s reply',
  check: (ctx) => droppedReplies(ctx).length > 0,
};

const dropTheReply: NearMiss = {
  id: 'dropped-call',
  when: (ctx) => droppedCall(ctx) && droppedReplies(ctx).length === 0,
  feedback:
    'You dropped the call, not its reply: the server never ran it. To the client the two look the same — silence — but here nothing was charged. Press Restart this step and drop the reply instead.',
};

const heldHints = (call: string): string[] => [
  `${call} The call then waits beside the server.`,
  'Click the call waiting beside the server and choose Deliver now; its reply then waits beside c1: click it and choose Drop.',
  `c1 sends the call again ${HELD_SECONDS} s after the first (raise Speed to get there sooner): Deliver now.`,
];

const crashHints = [
  'Click the server and choose Crash after the side effect: it arms the fault for its next call.',
  'Click c1 and choose Withdraw 10. The server charges and goes down; c1 keeps retrying.',
  `Click the server and choose Restart (c1 retries up to ${CRASH_ATTEMPTS} times, about a minute).`,
];

const crashNearMisses: NearMiss[] = [
  {
    id: 'withdrew-first',
    when: (ctx) =>
      serverCrashes(ctx) === 0 &&
      factsOf(ctx.trace, 'request-ended', CLIENT).some((f) => str(f, 'result') === 'ok'),
    feedback:
      'The withdrawal finished before any crash: arm Crash after the side effect on the server first, then withdraw. Press Restart this step to try again.',
  },
  {
    id: 'gave-up',
    when: (ctx) =>
      factsOf(ctx.trace, 'request-ended', CLIENT).some((f) => str(f, 'result') === 'indefinite'),
    feedback:
      'c1 gave up before the server came back, and will never know whether alice was charged. Press Restart this step and restart the server sooner.',
  },
];

/** The goals both crash steps share: the crash after the charge, and the restart. */
const crashGoals: Goal[] = [
  {
    description: 'The server crashed after charging, before its reply left',
    check: crashedAfterCharge,
  },
  { description: 'You restarted the server', check: restartedServer },
];

const crashStep = (
  fields: Pick<Step, 'id' | 'title' | 'prose' | 'reveal'> &
    Partial<Pick<Step, 'predict' | 'capture'>> & { readonly last: Goal },
): Step => {
  const { last, ...rest } = fields;
  return {
    ...rest,
    panels: PANELS,
    freshRun: crashRun(fields.id === 'crash-disk'),
    allow: {
      controls: [...CONTROLS],
      actions: ['protocol:crash-after-effect', 'protocol:withdraw', 'restart'],
    },
    highlight: () => [SERVER],
    task: 'On the server choose Crash after the side effect; on c1, Withdraw 10. Then restart the server while c1 retries.',
    goals: [...crashGoals, last],
    hints: crashHints,
    nearMisses: crashNearMisses,
  };
};

export const lesson: Lesson = {
  ...meta,
  scenario: { scenarioId: 'rpc', seed: 15, nodes: 2, speed: 1, ...heldRun({}) },
  steps: [
    {
      id: 'lost-reply',
      title: 'A lost reply',
      panels: PANELS,
      freshRun: heldRun({ semantics: 'at-least-once' }),
      setup: HOLD,
      allow: {
        controls: [...CONTROLS],
        actions: ['deliver-message', 'drop-message', 'protocol:withdraw'],
      },
      highlight: () => [CLIENT],
      prose: `c1 calls the payment server: withdraw 10 from alice, who has 100. Every message now waits beside the node it goes to until you let it through or drop it. With no reply in ${HELD_SECONDS} s, c1 sends the same call again. It carries no request id the server could recognise.`,
      task: 'On c1 choose Withdraw 10. Let the call through, drop the server’s reply, then let the retry through.',
      predict: {
        question:
          'The reply to withdraw(10) is dropped and the client retries. Without request ids, what is alice’s balance?',
        options: [
          {
            id: '80',
            text: '80: both attempts charged',
            feedback: (ctx) => [
              saw(
                balance(ctx) === 80 && charges(ctx) === 2,
                'Right: the server charged alice for the call, whose reply was lost, and again for the retry.',
              ),
            ],
          },
          {
            id: '90-timeout',
            text: '90: the first attempt timed out, so it did not happen',
            misconception: 'M09',
            feedback: (ctx) => [
              saw(
                charges(ctx) === 2 && droppedReplies(ctx).length > 0,
                'The first attempt did happen: the server charged alice; only its reply was lost. A timeout tells the client it heard nothing, not that nothing happened.',
              ),
            ],
          },
          {
            id: '90-same',
            text: '90: the server sees the same request again and charges once',
            misconception: 'M50',
            feedback: (ctx) => [
              saw(
                retried(ctx) && duplicates(ctx) >= 1,
                'Without a request id the retry is just another withdrawal to the server, and it charged again. A retry is safe only if the server can recognise it, or the operation is safe to repeat.',
              ),
            ],
          },
        ],
        answer: '80',
        holds: (ctx) => balance(ctx) === 80 && duplicates(ctx) >= 1,
      },
      goals: [
        droppedReply,
        {
          description: 'c1 retried and alice has 80: the checker flags a duplicate charge',
          check: (ctx) => retried(ctx) && balance(ctx) === 80 && duplicates(ctx) >= 1,
        },
      ],
      hints: heldHints('Click c1 and choose Withdraw 10.'),
      nearMisses: [dropTheReply],
      reveal: (ctx) => {
        const r = firstDuplicate(ctx);
        return [
          saw(
            r !== null && balance(ctx) === 80,
            `alice has ${balance(ctx)}: the server charged ${r?.id ?? ''} ${times(r?.effects.length ?? 0)}, for attempt 1, whose reply you dropped, and for the retry. The Invariants panel says why: a retry, the lost reply, and no dedup entry to stop it.`,
          ),
          why(
            'To a client, a lost call and a lost reply look the same: silence until the timeout. Retrying turns at-most-once into at-least-once, and a withdrawal is not safe to repeat.',
          ),
        ];
      },
    },
    {
      id: 'request-ids',
      title: 'Request ids and a dedup table',
      panels: PANELS,
      freshRun: heldRun({ semantics: 'idempotency-key' }),
      setup: HOLD,
      allow: {
        controls: [...CONTROLS],
        actions: ['deliver-message', 'drop-message', 'protocol:withdraw'],
      },
      highlight: () => [SERVER],
      prose:
        'Now each call carries an idempotency key, a request id that stays the same on every retry. The server records the key before charging and stores its answer after. A call whose key it has completed gets the stored answer back, and no second charge.',
      task: 'Same again: Withdraw 10 on c1, let the call through, drop the reply, let the retry through.',
      goals: [
        droppedReply,
        {
          description: 'The server recognised the retry: a dedup hit',
          check: (ctx) => droppedReplies(ctx).length > 0 && dedupHits(ctx) > 0,
        },
        {
          description: 'alice has 90: charged once',
          check: (ctx) => dedupHits(ctx) > 0 && balance(ctx) === 90 && duplicates(ctx) === 0,
        },
      ],
      hints: heldHints('Click c1 and choose Withdraw 10.'),
      nearMisses: [dropTheReply],
      reveal: (ctx) => {
        const hit = factsOf(ctx.trace, 'dedup_hit')[0];
        return [
          saw(
            hit !== undefined && balance(ctx) === 90 && duplicates(ctx) === 0,
            `The retry (${hit ? str(hit, 'call') : ''}) carried key ${hit ? str(hit, 'key') : ''}: the server found it completed and sent back the stored answer without charging. alice has ${balance(ctx)}, charged once.`,
          ),
          why(
            'The client still retries: the message may arrive more than once. The server makes the effect happen once. Together they give exactly-once in effect.',
          ),
        ];
      },
    },
    crashStep({
      id: 'crash-memory',
      title: 'A crash between the charge and the reply',
      prose: `Keys again, but the dedup table is kept in memory only. You will make the server crash right after it charges, before its reply leaves. c1 then retries every second or two, up to ${CRASH_ATTEMPTS} times, while the server is down.`,
      predict: {
        question:
          'The server crashes after charging, then restarts; its dedup table was in memory. c1 retries with the same key. How often is alice charged?',
        options: [
          {
            id: 'twice',
            text: 'Twice: the restarted server has forgotten the key',
            feedback: (ctx) => [
              saw(
                duplicates(ctx) >= 1,
                'Right: the restart came back with an empty table, so the retry looked new and was charged again.',
              ),
            ],
          },
          {
            id: 'once-key',
            text: 'Once: the retry carries the same key, so the server replays',
            misconception: 'M51',
            feedback: (ctx) => [
              saw(
                duplicates(ctx) >= 1,
                `The key came back, but the table it was in did not: the server restarted with no keys and charged alice again (${balance(ctx)}).`,
              ),
            ],
          },
          {
            id: 'once-error',
            text: 'Once: the crash makes the call fail, so c1 does not retry',
            misconception: 'M49',
            feedback: (ctx) => [
              saw(
                retried(ctx) && duplicates(ctx) >= 1,
                'c1 got no error, only silence: a crashed server cannot say it crashed. c1 retried, and the retry charged again. A remote call can fail halfway; a local one cannot.',
              ),
            ],
          },
        ],
        answer: 'twice',
        holds: (ctx) => duplicates(ctx) >= 1 && balance(ctx) === 80,
      },
      last: {
        description: 'A retry charged alice again: 80, a duplicate flagged',
        check: (ctx) => restartedServer(ctx) && duplicates(ctx) >= 1 && balance(ctx) === 80,
      },
      capture: (ctx) => ({ memoryBalance: balance(ctx), memoryCharges: charges(ctx) }),
      reveal: (ctx) => [
        saw(
          duplicates(ctx) >= 1 && balance(ctx) === 80,
          `alice has ${balance(ctx)}: charged ${times(charges(ctx))}, before the crash and again by a retry after the restart, when the table came back empty.`,
        ),
        why(
          'A dedup table in memory dies with the process that kept it, at exactly the moment it is needed: a crash between the charge and the reply.',
        ),
      ],
    }),
    crashStep({
      id: 'crash-disk',
      title: 'The dedup table on disk',
      prose:
        'The same crash, now with the dedup table on disk. The charge and its key’s stored answer are written in one go, so a crash leaves both or neither.',
      last: {
        description: 'A retry found its key after the restart: alice has 90',
        check: (ctx) =>
          restartedServer(ctx) &&
          dedupHits(ctx) > 0 &&
          balance(ctx) === 90 &&
          duplicates(ctx) === 0,
      },
      reveal: (ctx) => {
        const hit = factsOf(ctx.trace, 'dedup_hit')[0];
        const before = varText(ctx, 'memoryBalance');
        return [
          saw(
            hit !== undefined && balance(ctx) === 90 && before === '80',
            `After the restart the retry ${hit ? str(hit, 'call') : ''} found key ${hit ? str(hit, 'key') : ''} on disk and got the stored answer: alice has ${balance(ctx)}. With the table in memory (the step before) she had ${before}.`,
          ),
          why(
            'Request ids protect only while the server remembers them, crashes included: keep the table with the effect, written in one go, for as long as clients may retry.',
          ),
        ];
      },
    }),
    {
      id: 'conditional-write',
      title: 'An operation safe to repeat',
      panels: [...PANELS, 'client'],
      freshRun: heldRun({ semantics: 'at-least-once', op: 'set' }),
      setup: HOLD,
      allow: {
        controls: [...CONTROLS],
        actions: ['deliver-message', 'drop-message', 'protocol:call'],
      },
      highlight: () => [CLIENT],
      prose:
        'No keys and no dedup table: c1 retries blindly again. But the operation is now a conditional write, “set alice to 90 if her version is 7”. Once it has run, the version has moved on and the balance is already 90.',
      task: 'In the Client c1 console choose Operation: set balance if version (90 if version 7) and press Call. Let the call through, drop the reply, let the retry through.',
      goals: [
        droppedReply,
        {
          description: 'The retry ran and changed nothing: alice has 90, written once',
          check: (ctx) => harmlessRetry(ctx) !== null && balance(ctx) === 90 && charges(ctx) === 1,
        },
      ],
      hints: heldHints(
        'In the Client c1 console, set Operation to “set balance if version”, keep 90 and 7, and press Call.',
      ),
      nearMisses: [
        dropTheReply,
        {
          id: 'withdrew',
          when: (ctx) =>
            actionsOf(ctx, 'protocol').some(
              (a) => a.action.id === 'call' && (a.action.args as { op?: unknown })?.op !== 'set',
            ),
          feedback:
            'That call was a withdrawal: the Operation was still “withdraw”. Press Restart this step, set Operation to “set balance if version” and press Call.',
        },
      ],
      reveal: (ctx) => {
        const r = harmlessRetry(ctx);
        return [
          saw(
            r !== null && balance(ctx) === 90 && charges(ctx) === 1,
            `The retry found alice already at 90 (version ${r?.version ?? ''}) and answered “${r?.response ?? ''}”: one write, the balance correct, nothing for the checker to flag.`,
          ),
          why(
            'A retry is harmless when the operation is idempotent: withdraw 10 is not, set 90 if version 7 is. Where you cannot make it so, use request ids with a dedup table that survives crashes.',
          ),
        ];
      },
      seeAlso: {
        href: '#/lessons/two-generals',
        text: 'Why exactly-once delivery is impossible (L3)',
      },
    },
  ],
  sandbox,
  golden,
};
