/** Random network weather for simulation tests' nemeses: loss, duplication, reordering. */
import type { SimAction } from '../sim/actions';
import type { streamFor } from '../sim/prng';

/** Each of loss, duplication and reordering on (at a random rate) or off, half the time each. */
export function randomLinkWeather(rng: ReturnType<typeof streamFor>): SimAction {
  return {
    type: 'link-defaults',
    config: {
      loss: rng.next() < 0.5 ? 0 : rng.next() * 0.2,
      duplicate: rng.next() < 0.5 ? 0 : rng.next() * 0.1,
      reorder: rng.next() < 0.5 ? 0 : rng.next() * 0.2,
    },
  };
}
