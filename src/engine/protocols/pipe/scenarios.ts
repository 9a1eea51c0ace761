/** Lesson 2's lab: one sender, one receiver, and a network that is not a pipe. */
import type { ScenarioEntry } from '../../scenarios/entry';

export const pipeEntry: ScenarioEntry = {
  id: 'pipe',
  title: 'Sender and receiver',
  description:
    'S sends numbered messages; R counts every one that arrives and acks it. Add jitter, loss, duplication or a slow link, and compare the counter with what was sent.',
  minNodes: 2,
  maxNodes: 2,
  defaultNodes: 2,
  settings: [],
  build() {
    return {
      id: 'pipe',
      title: this.title,
      description: this.description,
      nodes: [
        { id: 'S', protocol: 'pipe-sender', options: { receiver: 'R' } },
        { id: 'R', protocol: 'pipe-receiver' },
      ],
      // No jitter and no loss to begin with: the lesson adds each fault by hand.
      network: { defaults: { latencyMs: 80, jitterMs: 0, ordering: 'any', loss: 0 } },
    };
  },
};
