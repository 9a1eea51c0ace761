/**
 * The two-generals lab: general A on one hill makes the plan, general B on the other, and a
 * valley between them where messengers are captured (the link's loss, or the learner's Drop on
 * one messenger). The settings are the protocol variant (rounds of acknowledgement, the
 * decision rule) and the messengers sent per message. The simulation suites run this builder,
 * so a failing seed's link replays in the lab.
 */
import type { ScenarioEntry } from '../../scenarios/entry';
import { settingNumber } from '../../scenarios/settings';
import { brokenOf, brokenVariantSetting } from '../../scenarios/broken';
import { GENERALS_BROKEN_VARIANTS } from './variants';

/** The two generals' node ids, as the lesson and the views name them. */
export const GENERAL_A = 'A';
export const GENERAL_B = 'B';

const num = settingNumber;

export const twoGeneralsEntry: ScenarioEntry = {
  id: 'two-generals',
  title: 'Two generals',
  description:
    'Two generals must attack at dawn together or not at all, and every messenger crosses a valley where it may be captured. Add acknowledgements, send more messengers, capture the last one: can both ever be sure?',
  minNodes: 2,
  maxNodes: 2,
  defaultNodes: 2,
  nodesHelp: 'Always two: A makes the plan, B answers.',
  settings: [
    {
      key: 'rounds',
      label: 'Rounds',
      kind: 'number',
      min: 1,
      max: 8,
      default: 2,
      help: '1: A sends the plan; 2: B acknowledges it; 3: A acknowledges the acknowledgement; and so on.',
    },
    {
      key: 'messengers',
      label: 'Messengers per message',
      kind: 'number',
      min: 1,
      max: 20,
      default: 1,
      help: 'Copies sent of each message, 200 ms apart; the first to get through counts. More make success likelier, never certain.',
    },
    {
      key: 'rule',
      label: 'A general attacks',
      kind: 'choice',
      choices: [
        { value: 'all', label: 'only if every message meant for it arrived' },
        { value: 'first', label: 'as soon as it has heard anything' },
      ],
      default: 'all',
      help: 'The decision rule at dawn. A, who makes the plan, counts as having heard it.',
    },
    {
      key: 'loss',
      label: 'Messengers captured',
      kind: 'number',
      min: 0,
      max: 90,
      default: 0,
      unit: '%',
      help: 'The chance that the valley captures any one messenger. At 0 only the ones you drop are lost.',
    },
    {
      key: 'dawn',
      label: 'Dawn at',
      kind: 'number',
      min: 2,
      max: 600,
      default: 6,
      unit: 's',
      help: 'When each general decides, on its own clock. A later dawn leaves more time to send, and to capture.',
    },
    {
      key: 'resend',
      label: 'Resend',
      kind: 'choice',
      choices: [
        { value: 'fixed', label: 'send the set number of messengers' },
        { value: 'until-ack', label: 'resend every 1.5 s until answered, and answer every copy' },
      ],
      default: 'fixed',
      help: 'Resending until answered is how at-least-once delivery works: nothing is lost while the link ever delivers, but a lost answer makes the other side receive the same message twice.',
    },
    {
      key: 'story',
      label: 'Story',
      kind: 'choice',
      choices: [
        { value: 'generals', label: 'two generals and an attack at dawn' },
        {
          value: 'payment',
          label: 'a payment: A pays, B is the bank (each copy that arrives is a charge)',
        },
      ],
      default: 'generals',
      help: 'The same messages told as a payment: a copy of the payment that reaches the bank charges the account, so a resent payment can charge twice.',
    },
    brokenVariantSetting(GENERALS_BROKEN_VARIANTS, 'generals who follow their rule'),
  ],
  build(params) {
    const s = params.settings ?? {};
    const common = {
      rounds: Math.round(num(s.rounds, 2)),
      messengers: Math.round(num(s.messengers, 1)),
      rule: s.rule === 'first' ? 'first' : 'all',
      resend: s.resend === 'until-ack' ? 'until-ack' : 'fixed',
      story: s.story === 'payment' ? 'payment' : 'generals',
      // Resending until answered waits longer than a round trip (2 × 500–600 ms) before each
      // resend, as a retransmission timeout does; fixed copies go out close together.
      spacingMs: s.resend === 'until-ack' ? 1_500 : 200,
      dawnMs: Math.round(Math.min(600, Math.max(2, num(s.dawn, 6))) * 1000),
      broken: brokenOf(s),
    };
    const loss = Math.min(0.9, Math.max(0, num(s.loss, 0) / 100));
    return {
      id: 'two-generals',
      title: this.title,
      description: this.description,
      nodes: [
        { id: GENERAL_A, protocol: 'general', options: { ...common, initiator: true } },
        { id: GENERAL_B, protocol: 'general', options: { ...common, initiator: false } },
      ],
      // A messenger takes about half a second to cross: time to see it and drop it.
      network: { defaults: { latencyMs: 500, jitterMs: 100, loss } },
    };
  },
};
