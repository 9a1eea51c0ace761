/**
 * L11 — Paxos: proposers, acceptors, learners (CURRICULUM.md §4, L11). Five servers, each an
 * acceptor and a learner; n1 also proposes A, n2 proposes B. Every message waits at its
 * destination until the learner delivers it (hold mode), as in Oddity. The learner runs the
 * two phases by hand, crashes n1 after one other acceptor took its A, and sees n2 adopt A —
 * then sees A chosen before anyone knows it. In a new run, two proposers duel until a
 * distinguished proposer (Lamport 2001, §2.4) ends it.
 */
import { meta } from './l11-paxos.meta';
import { golden } from './l11-paxos.golden';
import { sandbox } from './l11-paxos.sandbox';
import { counted, factsOf, inWords, saw, str, why } from './goals';
import {
  acceptorsOf,
  acceptsSent,
  ballotsStarted,
  chosen,
  chosenValues,
  followingALeader,
  learned,
  preemptions,
} from './paxos-goals';
import {
  CONTROLS,
  P1,
  P2,
  PANELS,
  PANELS_CHOSEN,
  followLeader,
  ms,
  p1Down,
  propose,
} from './l11-paxos.run';
import type { GoalContext, Lesson } from './types';

/** Ballots pre-empted since the step began before anything was chosen. */
function preemptedUnchosen(ctx: GoalContext): number {
  const first = chosen(ctx)[0];
  return preemptions(ctx).filter((f) => first === undefined || f.t < first.t).length;
}

/** Three ballots pre-empted with nothing chosen: the duel. */
const duelled = (ctx: GoalContext) => preemptedUnchosen(ctx) >= 3;

export const lesson: Lesson = {
  ...meta,
  scenario: {
    scenarioId: 'paxos',
    seed: 11,
    nodes: 5,
    speed: 0.5,
    // Proposers wait for the learner, retry at a fixed pace, and give a ballot ten minutes:
    // time enough to deliver its messages by hand.
    settings: { proposers: '2', start: 'manual', backoff: 'fixed', timeout: '600000' },
  },
  steps: [
    {
      id: 'prepare',
      title: 'Phase 1: prepare and promise',
      panels: PANELS,
      highlight: () => [P1],
      prose:
        'Five servers, each an acceptor and a learner; n1 also proposes A and n2 proposes B. Every message now waits at its destination until you deliver it. A proposer first asks acceptors to promise to ignore lower ballots, and to say what they have accepted. n1 is an acceptor too, so it promises its own ballot at once.',
      task: 'Press Propose on n1. Deliver its Prepare to n3 and n4, then their Promises to n1.',
      setup: [{ type: 'hold-messages', on: true }],
      allow: { controls: [...CONTROLS], actions: ['deliver-message', 'protocol:propose'] },
      goals: [
        {
          description: 'n1 starts a ballot',
          check: (ctx) => ballotsStarted(ctx).some((f) => f.node === P1),
        },
        {
          description: 'n1 holds promises from a majority (3 of 5, its own included)',
          check: (ctx) => acceptsSent(ctx, P1).length > 0,
        },
      ],
      hints: [
        'Click n1 and choose Propose. The Prepare messages stop at each server, waiting.',
        'Click the Prepare waiting at n3 and choose Deliver now; the same at n4. Then deliver the two Promise messages waiting at n1.',
      ],
      reveal: (ctx) => {
        const sent = acceptsSent(ctx, P1)[0];
        return [
          saw(
            sent !== undefined && sent.fact.adopted === false,
            `With promises from 3 of 5 acceptors for ballot ${sent ? str(sent, 'ballot') : ''}, n1 sent Accept(${sent ? str(sent, 'ballot') : ''}, ${sent ? str(sent, 'value') : ''}) to every acceptor: none had accepted anything, so it proposes its own value.`,
          ),
          saw(
            acceptorsOf(ctx, 'A').includes(P1),
            'n1’s own acceptor took it at once: n1 has accepted A. The other Accepts wait at their acceptors.',
          ),
          why(
            'A ballot is a round and its proposer (“1.n1”), so two proposers never share one; a promise is a vow to refuse anything lower.',
          ),
        ];
      },
    },
    {
      id: 'crash',
      title: 'One acceptor, then a crash',
      panels: PANELS,
      highlight: () => [P1],
      prose:
        'n1’s Accept waits at every acceptor. Let exactly one other acceptor take it, then crash n1, the proposer, before anyone else hears of A. What survives of A is on two acceptors’ disks.',
      task: 'Deliver n1’s Accept to n3 only. Then click n1 and choose Crash.',
      allow: { controls: [...CONTROLS], actions: ['deliver-message', 'crash'] },
      goals: [
        {
          description: 'Exactly one acceptor besides n1 has accepted A',
          check: (ctx) => acceptorsOf(ctx, 'A').filter((id) => id !== P1).length === 1,
        },
        { description: 'n1 is down', check: p1Down },
      ],
      nearMisses: [
        {
          id: 'chosen-already',
          when: (ctx) => chosenValues(ctx).includes('A'),
          feedback:
            'Three acceptors have accepted A now: it is chosen, and the next step has nothing to show. Press Restart this step and deliver the Accept to n3 only.',
        },
      ],
      hints: [
        'The Accept messages from n1 wait at n2, n3, n4 and n5.',
        'Deliver the one waiting at n3 (Deliver now), then click n1 and choose Crash.',
      ],
      reveal: (ctx) => {
        const holders = acceptorsOf(ctx, 'A');
        return [
          saw(
            holders.length === 2 && p1Down(ctx),
            `${inWords(holders)} have accepted A: two of five, not a majority, so nothing is chosen yet. n1 is down; its acceptance is on its disk.`,
          ),
          why('An acceptor writes its promise and acceptance to disk before it answers.'),
        ];
      },
    },
    {
      id: 'adopt',
      title: 'A later proposer adopts',
      panels: PANELS,
      highlight: () => [P2],
      prose:
        'n2 proposes B with a higher ballot. n3 holds an accepted A; n4 has accepted nothing. n2 learns both in their promises before it may send an Accept.',
      task: 'Press Propose on n2. Deliver its Prepare to n3 and n4, then their Promises to n2.',
      allow: { controls: [...CONTROLS], actions: ['deliver-message', 'protocol:propose'] },
      predict: {
        question:
          'n3 accepted A in ballot 1.n1. n2’s Prepare reaches n3 and n4, and both promise. What value must n2 propose?',
        options: [
          {
            id: 'a',
            text: 'A, the value n3 accepted',
            feedback: (ctx) => {
              const sent = acceptsSent(ctx, P2)[0];
              return [
                saw(
                  sent !== undefined && str(sent, 'value') === 'A',
                  'Right: a proposer takes the value of the highest-ballot acceptance among its promises, and n3’s promise carried A.',
                ),
              ];
            },
          },
          {
            id: 'b',
            text: 'B, its own: n1 crashed, so A is lost',
            misconception: 'M35',
            feedback: (ctx) => [
              saw(
                acceptsSent(ctx, P2).some((f) => str(f, 'value') === 'A'),
                'n2 proposed A. n1 is gone, but its A lives on in n3’s acceptance, and n3’s promise carried it.',
              ),
            ],
          },
          {
            id: 'any',
            text: 'Whichever it likes: nobody has learned A, so nothing is chosen',
            misconception: 'M36',
            feedback: (ctx) => [
              saw(
                acceptsSent(ctx, P2).some((f) => str(f, 'value') === 'A'),
                'n2 had no choice: it proposed A. It cannot tell whether A was chosen (learners may not know yet), so it must assume it might have been.',
              ),
            ],
          },
          {
            id: 'none',
            text: 'Nothing: the first proposer’s value is final, so n2 cannot propose',
            misconception: 'M34',
            feedback: (ctx) => [
              saw(
                acceptsSent(ctx, P2).length > 0,
                'n2 did propose, with a higher ballot. Being first wins nothing; what binds n2 is what its quorum had accepted.',
              ),
            ],
          },
        ],
        answer: 'a',
        holds: (ctx) =>
          acceptsSent(ctx, P2).some((f) => str(f, 'value') === 'A' && f.fact.adopted === true),
      },
      goals: [
        {
          description: 'n2 starts a ballot above n1’s',
          check: (ctx) => ballotsStarted(ctx).some((f) => f.node === P2),
        },
        {
          description: 'n2 sends Accept with value A',
          check: (ctx) => acceptsSent(ctx, P2).some((f) => str(f, 'value') === 'A'),
        },
      ],
      nearMisses: [
        {
          id: 'missed-n3',
          when: (ctx) => acceptsSent(ctx, P2).some((f) => str(f, 'value') === 'B'),
          feedback:
            'n2’s quorum missed n3, the one live acceptor holding A, so n2 was free to propose B — safe, since A was never chosen. Press Restart this step and include n3.',
        },
      ],
      hints: [
        'Click n2 and choose Propose; its Prepare messages wait at each server.',
        'Deliver the Prepare waiting at n3 and the one at n4, then the two Promises waiting at n2. Watch the Accept n2 sends.',
      ],
      reveal: (ctx) => {
        const sent = acceptsSent(ctx, P2)[0];
        return [
          saw(
            sent !== undefined && str(sent, 'value') === 'A',
            `n2 sent Accept(${sent ? str(sent, 'ballot') : ''}, A), not B: n3’s promise said it had accepted A in 1.n1, the highest acceptance n2 heard of.`,
          ),
          why(
            'A might already be chosen, and any quorum n2 gets shares an acceptor with any quorum that could have chosen it. Adopting the highest accepted value keeps a chosen value chosen. (Raft’s twin: a candidate must hold an up-to-date log to win.)',
          ),
        ];
      },
    },
    {
      id: 'chosen',
      title: 'Chosen before anyone knows',
      panels: PANELS_CHOSEN,
      highlight: () => ['n5'],
      prose:
        'n2 has accepted A itself. Acceptors tell every learner what they accept; n5 will count them. When exactly is A chosen: when a majority accepts it, or when a learner hears so?',
      task: 'Deliver n2’s Accept to n3 and n4. Then deliver to n5 the Accepted messages from n2, n3 and n4.',
      allow: { controls: [...CONTROLS], actions: ['deliver-message'] },
      goals: [
        {
          description: 'A majority accepts A in n2’s ballot: A is chosen',
          check: (ctx) => chosen(ctx).some((c) => c.value === 'A' && c.t >= ctx.start.time),
        },
        {
          description: 'n5 learns A',
          check: (ctx) => learned(ctx, 'A').some((f) => f.node === 'n5'),
        },
      ],
      hints: [
        'n2’s Accept messages wait at n3, n4 and n5; deliver the ones at n3 and n4.',
        'Then n5 has Accepted messages waiting from n2, n3 and n4 (take the newest, of ballot 1.n2).',
      ],
      reveal: (ctx) => {
        const c = chosen(ctx).find((x) => x.value === 'A' && x.t >= ctx.start.time);
        const heard = learned(ctx, 'A').find((f) => f.node === 'n5');
        return [
          saw(
            c !== undefined && heard !== undefined && heard.t > c.t,
            `A was chosen at ${ms(c?.t ?? 0)}, when ${c?.by.at(-1) ?? ''} accepted it: the third acceptor in ballot ${c?.ballot ?? ''}. n5 learned it ${ms((heard?.t ?? 0) - (c?.t ?? 0))} later.`,
          ),
          why(
            'Chosen is a fact about the acceptors, true the moment a majority accepts; learning is only hearing about it, afterwards.',
          ),
        ];
      },
    },
    {
      id: 'duel',
      title: 'Duelling proposers, and a leader',
      panels: PANELS_CHOSEN,
      highlight: () => [P1, P2],
      freshRun: {},
      prose:
        'A new run, messages held again. A refusal (a NACK, with the higher ballot) sends a proposer back for a higher ballot, which can pre-empt its rival in turn, for ever. A distinguished proposer, the only one that starts ballots, ends it.',
      task: 'Both propose at once. Then deliver one proposer’s newest Prepare to the other and the Nack back, alternating, three times. Then Turn on a leader and switch Hold messages off.',
      setup: [{ type: 'hold-messages', on: true }],
      allow: {
        controls: [...CONTROLS],
        actions: ['deliver-message', 'protocol:propose', 'protocol:leader-mode', 'hold-messages'],
      },
      presets: [
        {
          id: 'together',
          label: 'Both propose at once',
          description: 'n1 and n2 each start a ballot at the same virtual moment.',
          actions: () => [propose(P1), propose(P2)],
        },
        {
          id: 'leader',
          label: 'Turn on a leader',
          description:
            'n1 and n2 follow a distinguished proposer: only the lowest-id one still heard from starts ballots.',
          actions: () => [followLeader(P1), followLeader(P2)],
        },
      ],
      goals: [
        {
          description: 'Three ballots pre-empted, nothing chosen',
          check: (ctx) => counted(preemptedUnchosen(ctx), 3, 'pre-empted'),
        },
        {
          description: 'With a leader, a value is chosen',
          check: (ctx) =>
            duelled(ctx) && followingALeader(ctx).length >= 2 && chosen(ctx).length > 0,
        },
      ],
      nearMisses: [
        {
          id: 'chosen-without-leader',
          when: (ctx) => chosen(ctx).length > 0 && followingALeader(ctx).length < 2,
          feedback:
            'A value was chosen before the leader was on: the timing happened to favour one proposer. Press Restart this step to duel again.',
        },
      ],
      hints: [
        'Each proposer’s own acceptor promised its own ballot, so a lower Prepare delivered there is refused.',
        'Deliver the newest Prepare from one proposer to the other, then the Nack it gets back; the refused one retries higher. Alternate three times.',
        'Then Turn on a leader, and press Hold messages to let the network deliver on its own.',
      ],
      reveal: (ctx) => {
        const lost = preemptedUnchosen(ctx);
        const c = chosen(ctx)[0];
        const started = ballotsStarted(ctx);
        const leaderOn = followingALeader(ctx).length >= 2;
        const since = factsOf(ctx.trace, 'leader-mode')[0]?.t ?? Infinity;
        const p2After = started.filter((f) => f.node === P2 && f.t >= since).length;
        return [
          saw(
            lost >= 3 && c !== undefined,
            `${started.length} ballots were started and ${lost} pre-empted before anything was chosen; with a leader, ${c?.value ?? ''} was chosen in ballot ${c?.ballot ?? ''}.`,
          ),
          saw(
            leaderOn && p2After === 0 && c !== undefined,
            `Once both followed a leader, n2 started no new ballot, and ${c?.ballot ?? ''} went through unopposed.`,
          ),
          why(
            'Safety never depended on timing; progress does (FLP). Raft makes the same move: its election is Paxos’s phase 1 (term ↔ ballot, RequestVote ↔ prepare), and a stable leader runs only phase 2, as AppendEntries.',
          ),
        ];
      },
      replayMs: 2500,
    },
  ],
  sandbox,
  golden,
};
