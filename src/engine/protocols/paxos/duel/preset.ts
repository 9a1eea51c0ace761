/**
 * The "Duelling proposers (livelock)" preset of the Paxos lab: two proposers that pre-empt
 * each other's ballots for ever (Lamport, "Paxos Made Simple", 2001, §2.4: "two proposers
 * each keep issuing a sequence of proposals with increasing numbers, none of which are ever
 * chosen"), and the same duel ended by randomized backoff.
 *
 * Why this network: with every link equally slow, the proposer that got its phase 1 through
 * first always has its accept land before its rival's retry, so nobody duels. Here the two
 * proposers sit close together (5 ms apart) and the other acceptors far (20 ms), with no
 * jitter: a refused proposer hears of it (from its rival's acceptor) and retries before the
 * rival's accept reaches the far acceptors, and with an equal fixed wait the same happens
 * the other way round, ballot after ballot. Measured in `duel.test.ts`.
 */
import type { SettingSpec, SettingValues, SettingWarning } from '../../../scenarios/settings';

/** The preset's choices: `none`, the livelock (fixed wait), the same with randomized backoff. */
export type DuelPreset = 'none' | 'duel' | 'duel-random';

/** Latency between the two proposers, and from them to every other acceptor (ms). */
export const DUEL_NEAR_MS = 5;
export const DUEL_FAR_MS = 20;
/** Both proposers wait this long after a refusal (the base of the randomized wait too). */
export const DUEL_RETRY_MS = 20;

/** The Scenario setting; its key `preset` is what a link carries (`#/lab/paxos?preset=duel`). */
export const duelPresetSetting: SettingSpec = {
  key: 'preset',
  label: 'Preset',
  kind: 'choice',
  choices: [
    { value: 'none', label: 'none — the settings above' },
    { value: 'duel', label: 'Duelling proposers (livelock)' },
    { value: 'duel-random', label: 'Duelling proposers, ended by randomized backoff' },
  ],
  default: 'none',
  help: 'Two proposers start together, close to each other and far from the other acceptors, with no jitter: with an equal fixed retry they pre-empt each other for ever; randomized backoff ends the duel.',
};

/** The preset chosen in `settings`, read defensively (anything unknown is `none`). */
export function duelPresetOf(settings: SettingValues | undefined): DuelPreset {
  const p = settings?.preset;
  return p === 'duel' || p === 'duel-random' ? p : 'none';
}

/**
 * The settings with the preset applied: two proposers, started together, with a fixed or a
 * randomized wait. Settings the preset does not name (quorums, broken variant) are kept.
 */
export function withDuelPreset(settings: SettingValues): SettingValues {
  const preset = duelPresetOf(settings);
  if (preset === 'none') return settings;
  return {
    ...settings,
    proposers: 2,
    start: 'together',
    backoff: preset === 'duel' ? 'fixed' : 'random',
  };
}

/** The node options the preset adds (the equal retry wait), or none. */
export function duelNodeOptions(settings: SettingValues): { retryMs?: number } {
  return duelPresetOf(settings) === 'none' ? {} : { retryMs: DUEL_RETRY_MS };
}

/**
 * The preset's network over `ids` (the first two are the proposers): near between them, far
 * to the rest, no jitter anywhere. Undefined when no preset is chosen.
 */
export function duelNetwork(settings: SettingValues, ids: readonly string[]) {
  if (duelPresetOf(settings) === 'none') return undefined;
  const [a, b] = ids;
  const near = { latencyMs: DUEL_NEAR_MS, jitterMs: 0 };
  return {
    defaults: { latencyMs: DUEL_FAR_MS, jitterMs: 0 },
    links:
      a && b
        ? [
            { from: a, to: b, config: near },
            { from: b, to: a, config: near },
          ]
        : [],
  };
}

/** The form's note while a preset is on: it overrides three settings shown above it. */
export function duelPresetWarnings(values: SettingValues): SettingWarning[] {
  return duelPresetOf(values) === 'none'
    ? []
    : [
        {
          key: 'preset',
          text: 'The preset sets two proposers, started together, and its own retry; Proposers, Proposers start and After a refused ballot are not used.',
        },
      ];
}
