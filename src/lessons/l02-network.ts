/**
 * L2 — The network is not a pipe (CURRICULUM.md §4, L2). A sender S numbers "add 1"
 * messages; a naive receiver R counts every arrival and acks it. The learner adds jitter,
 * drops and duplicates messages, narrows the link, and finally turns on retransmission over
 * a lossy link — and sees loss turn into duplication.
 */
import { meta } from './l02-network.meta';
import {
  actionsOf,
  counted,
  entriesOf,
  factsOf,
  nodeById,
  num,
  saw,
  usedProtocolAction,
  viewField,
  why,
} from './goals';
import type { Lesson } from './types';
import {
  CLEAN_LINK,
  ownSeq,
  arrivals,
  duplicateArrivals,
  linkSet,
  addsSent,
  burstRatio,
  distinctArrived,
  seqOf,
  seqsSent,
  numbered,
  ms,
  unackedNow,
  droppedSeqs,
  inFlightAdd,
  CONTROLS,
} from './l02-network.run';

export const lesson: Lesson = {
  ...meta,
  scenario: { scenarioId: 'pipe', seed: 7, speed: 0.1 },
  steps: [
    {
      id: 'jitter',
      title: 'Jitter reorders',
      panels: ['inspector', 'events', 'spacetime'],
      prose:
        'S sends numbered messages to R over one link, 80 ms each way. A real link’s delay varies from message to message (jitter). If each message takes its own time, does the order they were sent in survive?',
      task: 'Click the link between S and R, set Jitter to 200 ms, Apply; then choose Send 5 on S.',
      allow: { controls: [...CONTROLS], actions: ['link', 'protocol:send-1', 'protocol:send-5'] },
      speed: 0.25,
      goals: [
        {
          description: 'The link has at least 150 ms of jitter',
          check: (ctx) => linkSet(ctx, 'jitterMs', (v) => v >= 150),
        },
        {
          description: 'R receives messages out of order',
          check: (ctx) => {
            const seqs = arrivals(ctx).map((f) => num(f, 'seq'));
            return seqs.some((s, i) => i > 0 && s < (seqs[i - 1] ?? 0));
          },
        },
      ],
      hints: [
        'Links are the lines between nodes; clicking one opens its settings.',
        'Set Jitter (ms) to 200, press Apply to this link, then click S and choose Send 5.',
      ],
      reveal: (ctx) => {
        const sent = seqsSent(ctx);
        const got = arrivals(ctx).map((f) => num(f, 'seq'));
        const reordered = got.some((s, i) => i > 0 && s < (got[i - 1] ?? 0));
        return [
          saw(
            reordered,
            `S sent ${numbered(sent)}, in that order; R got ${numbered(got)}, in that order${got.length < sent.length ? ', with the rest still on the way' : ''}.`,
          ),
          saw(
            entriesOf(ctx.trace, 'drop').length === 0,
            'Nothing was lost: each message just took its own time through the delays.',
          ),
          why(
            'A protocol that assumes order must number its messages and put them back in order itself (as TCP does).',
          ),
        ];
      },
    },
    {
      id: 'drop',
      title: 'Loss looks like silence',
      highlight: () => ['S'],
      panels: ['inspector', 'events', 'spacetime'],
      prose:
        'The lesson set the link back to a steady 80 ms. S waits 600 ms for each ack before it suspects a message was lost. Be the network that loses one.',
      task: 'Send 1 from S, then click the message in flight and choose Drop (Pause first if it is too quick).',
      allow: {
        controls: [...CONTROLS],
        actions: ['protocol:send-1', 'drop-message'],
      },
      setup: CLEAN_LINK,
      goals: [
        {
          description: 'You dropped a message',
          check: (ctx) => actionsOf(ctx, 'drop-message').length > 0,
        },
        {
          description: 'S’s ack timer fires for it',
          check: (ctx) => {
            const seqs = droppedSeqs(ctx);
            return factsOf(ctx.trace, 'ack-timeout', 'S').some((f) => seqs.has(num(f, 'seq')));
          },
        },
      ],
      hints: [
        'Pause the run after Send 1: the message stops where it is.',
        'Click the dot on the link and choose Drop, then Play.',
      ],
      reveal: (ctx) => {
        const seqs = droppedSeqs(ctx);
        const timeout = factsOf(ctx.trace, 'ack-timeout', 'S').find((f) => seqs.has(num(f, 'seq')));
        const sent = addsSent(ctx).find((e) => timeout && seqOf(e.payload) === num(timeout, 'seq'));
        return [
          saw(
            timeout !== undefined && sent !== undefined,
            `You dropped #${timeout ? num(timeout, 'seq') : ''}. S heard nothing back, and ${ms((timeout?.t ?? 0) - (sent?.t ?? 0))} after sending it, its ack timer fired.`,
          ),
          why(
            'Now S can only guess: was the message lost, or the ack, or is R just slow? The sender cannot know which.',
          ),
        ];
      },
    },
    {
      id: 'duplicate',
      title: 'Duplicates count twice',
      highlight: () => ['S'],
      panels: ['inspector', 'events', 'spacetime'],
      prose:
        'Networks and retrying middleboxes sometimes deliver one message twice. R’s counter is naive: it adds 1 for every arrival.',
      task: 'Send 1 from S, then click the message in flight and choose Duplicate.',
      allow: {
        controls: [...CONTROLS],
        actions: ['protocol:send-1', 'duplicate-message'],
      },
      goals: [
        {
          description: 'You duplicated a message',
          check: (ctx) => actionsOf(ctx, 'duplicate-message').length > 0,
        },
        {
          description: 'R counts more arrivals than S sent messages',
          check: (ctx) => {
            const sent = new Set(addsSent(ctx).map((e) => seqOf(e.payload))).size;
            return arrivals(ctx).length > sent && sent > 0;
          },
        },
      ],
      hints: [
        'Pause after Send 1, click the dot on the link.',
        'Choose Duplicate, then Play and look at R’s counter.',
      ],
      reveal: (ctx) => {
        const sent = seqsSent(ctx);
        const got = arrivals(ctx).length;
        const twice = duplicateArrivals(ctx).map((f) => num(f, 'seq'));
        return [
          saw(
            twice.length > 0 && got > sent.length,
            `S sent ${sent.length === 1 ? 'one message' : `${sent.length} messages`}, and R’s counter went up ${got} times: it counted ${numbered([...new Set(twice)])} twice.`,
          ),
          why(
            'An operation that is not idempotent (“add 1”) is wrong when applied twice; the cure is to recognise repeats, for example by their sequence numbers.',
          ),
        ];
      },
    },
    {
      id: 'bandwidth',
      title: 'Bandwidth is finite',
      highlight: () => ['S'],
      panels: ['inspector', 'events', 'spacetime'],
      prose:
        'Each message is 100 bytes. At 0.5 bytes per millisecond the link carries 5 messages a second, and anything sent faster waits its turn in a queue at the sender.',
      task: 'Set the link’s Bandwidth to 0.5 bytes/ms, Apply, then choose Burst 30 on S.',
      allow: {
        controls: [...CONTROLS],
        actions: ['link', 'protocol:burst-30', 'protocol:send-5', 'protocol:send-1'],
      },
      setup: CLEAN_LINK,
      speed: 1,
      goals: [
        {
          description: 'The link carries at most 1 byte per ms',
          check: (ctx) => linkSet(ctx, 'bandwidthBytesPerMs', (v) => v <= 1),
        },
        {
          description: 'The last message of a burst takes at least 4× as long as the first',
          check: (ctx) => {
            const ratio = burstRatio(ctx);
            return {
              done: ratio >= 4,
              progress: {
                value: Math.min(4, Math.round(ratio * 10) / 10),
                target: 4,
                label: '× the first',
              },
            };
          },
        },
      ],
      hints: [
        'The link’s settings have a Bandwidth field (bytes per ms).',
        'Type 0.5, Apply to this link, then Burst 30 on S and watch the latencies grow.',
      ],
      reveal: (ctx) => {
        const seen = arrivals(ctx);
        const first = seen[0];
        const last = seen.at(-1);
        const own = ownSeq(ctx);
        const timeouts = factsOf(ctx.trace, 'ack-timeout', 'S').filter((f) => own(num(f, 'seq')));
        return [
          saw(
            burstRatio(ctx) >= 4,
            `The burst’s first message took ${ms(first ? num(first, 'latencyMs') : 0)} to arrive; #${last ? num(last, 'seq') : ''} took ${ms(last ? num(last, 'latencyMs') : 0)}.`,
          ),
          saw(
            timeouts.length > 0 && entriesOf(ctx.trace, 'drop').length === 0,
            `S’s ack timers fired ${timeouts.length} times, yet nothing was lost: those messages were merely queued.`,
          ),
          why(
            'Latency is not a constant: once you send faster than the link carries, every message waits behind the ones before it.',
          ),
        ];
      },
    },
    {
      id: 'retransmit',
      title: 'Retransmission turns loss into duplication',
      highlight: () => ['S'],
      panels: ['inspector', 'events', 'spacetime'],
      prose:
        'The lesson reset the link. Now make it lose 30% of messages in both directions, and let S resend whatever is not acked in time.',
      task: 'Set the link’s Loss to 30 %, Apply; on S choose Retransmit on timeout; then Send 5 twice.',
      allow: {
        controls: [...CONTROLS],
        actions: ['link', 'protocol:retransmit', 'protocol:send-5', 'protocol:send-1'],
      },
      setup: CLEAN_LINK,
      speed: 0.5,
      predict: {
        question:
          'With retransmission on and 30% of messages and acks lost, can R receive the same message twice?',
        options: [
          {
            id: 'yes',
            text: 'Yes',
            feedback: (ctx) => {
              const twice = duplicateArrivals(ctx)[0];
              return [
                saw(
                  twice !== undefined,
                  `R got #${twice ? num(twice, 'seq') : ''} more than once: when an ack is lost, S cannot tell it from a lost message, so it resends one R already has.`,
                ),
              ];
            },
          },
          {
            id: 'no',
            text: 'No — resending only fills the gaps',
            feedback: (ctx) => {
              const twice = duplicateArrivals(ctx)[0];
              return [
                saw(
                  twice !== undefined,
                  `R got #${twice ? num(twice, 'seq') : ''} more than once. S resends when it hears no ack, and a lost ack sounds exactly like a lost message.`,
                ),
              ];
            },
            misconception: 'M06',
          },
        ],
        answer: 'yes',
        holds: (ctx) =>
          duplicateArrivals(ctx).length > 0 &&
          actionsOf(ctx, 'duplicate-message').length === 0 &&
          !linkSet(ctx, 'bandwidthBytesPerMs', () => true),
      },
      goals: [
        {
          description: 'The link loses at least 20% of messages',
          check: (ctx) => linkSet(ctx, 'loss', (v) => v >= 0.2),
        },
        {
          description: 'S retransmits on timeout',
          check: (ctx) =>
            usedProtocolAction(ctx, 'retransmit', 'S') &&
            viewField(nodeById(ctx, 'S'), 'retransmit') === true,
        },
        {
          description: 'R has received 10 different messages',
          check: (ctx) => counted(distinctArrived(ctx), 10, 'messages'),
        },
        {
          description: 'A message reached R twice',
          check: (ctx) => duplicateArrivals(ctx).length > 0,
        },
      ],
      hints: [
        'Open the link’s settings: Loss (%) applies to both directions.',
        'On S: Retransmit on timeout, then Send 5, and Send 5 again.',
        'If no duplicate has arrived yet, Send 5 once more: some ack will be lost.',
      ],
      reveal: (ctx) => {
        const sent = seqsSent(ctx);
        const got = distinctArrived(ctx);
        const twice = [...new Set(duplicateArrivals(ctx).map((f) => num(f, 'seq')))];
        const own = ownSeq(ctx);
        const resent = factsOf(ctx.trace, 'retransmitted', 'S').filter((f) => own(num(f, 'seq')));
        const waiting = unackedNow(ctx);
        return [
          saw(
            got > 0 && twice.length > 0,
            `R got ${got === sent.length ? 'every one' : got} of the ${sent.length} messages S sent in this step, and ${numbered(twice)} more than once.`,
          ),
          saw(resent.length > 0, `S resent ${resent.length} times.`),
          saw(
            waiting.length > 0,
            `S still waits for an ack for ${numbered(waiting)}, and keeps resending.`,
          ),
          why(
            'A lost ack looks exactly like a lost message, so retransmission turns loss into duplication. It buys at-least-once delivery; exactly-once needs the receiver to recognise repeats (idempotency).',
          ),
        ];
      },
      replayMs: 2000,
    },
  ],
  sandbox: {
    prose:
      'The whole link is yours: latency, jitter, loss, duplication, reordering, bandwidth, FIFO. Try the challenges, and watch the ack timeouts.',
    challenges: [
      {
        id: 'lossy-ten',
        text: 'Over a link losing at least 30%, get 10 different messages to R',
        goal: {
          description: '10 distinct arrivals with loss ≥ 30%',
          check: (ctx) => linkSet(ctx, 'loss', (v) => v >= 0.3) && distinctArrived(ctx) >= 10,
        },
      },
      {
        id: 'frugal',
        text: '…and do it with at most 16 transmissions in all',
        goal: {
          description: '10 distinct arrivals at ≤ 16 sends, loss ≥ 30%',
          check: (ctx) =>
            linkSet(ctx, 'loss', (v) => v >= 0.3) &&
            distinctArrived(ctx) >= 10 &&
            addsSent(ctx).length <= 16,
        },
      },
    ],
  },
  golden: {
    jitter: [
      { act: { type: 'link', from: 'S', to: 'R', config: { jitterMs: 200 } } },
      { act: { type: 'link', from: 'R', to: 'S', config: { jitterMs: 200 } } },
      { act: { type: 'protocol', node: 'S', action: { id: 'send-5' } } },
      { waitMs: 1000 },
    ],
    drop: [
      { act: { type: 'protocol', node: 'S', action: { id: 'send-1' } } },
      { waitMs: 20 },
      { act: (ctx) => ({ type: 'drop-message', msg: inFlightAdd(ctx) }) },
      { waitMs: 1000 },
    ],
    duplicate: [
      { act: { type: 'protocol', node: 'S', action: { id: 'send-1' } } },
      { waitMs: 20 },
      { act: (ctx) => ({ type: 'duplicate-message', msg: inFlightAdd(ctx) }) },
      { waitMs: 500 },
    ],
    bandwidth: [
      { act: { type: 'link', from: 'S', to: 'R', config: { bandwidthBytesPerMs: 0.5 } } },
      { act: { type: 'link', from: 'R', to: 'S', config: { bandwidthBytesPerMs: 0.5 } } },
      { act: { type: 'protocol', node: 'S', action: { id: 'burst-30' } } },
      { waitMs: 8000 },
    ],
    retransmit: [
      { answer: 'yes' },
      { act: { type: 'link', from: 'S', to: 'R', config: { loss: 0.3 } } },
      { act: { type: 'link', from: 'R', to: 'S', config: { loss: 0.3 } } },
      { act: { type: 'protocol', node: 'S', action: { id: 'retransmit' } } },
      { act: { type: 'protocol', node: 'S', action: { id: 'send-5' } } },
      { act: { type: 'protocol', node: 'S', action: { id: 'send-5' } } },
      { waitMs: 10_000 },
    ],
  },
};
