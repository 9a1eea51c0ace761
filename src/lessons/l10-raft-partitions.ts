// placeholder while the Raft read paths land
import { metaOf } from './catalogue';
import type { Lesson } from './types';
export const lesson: Lesson = {
  ...metaOf('raft-partitions'),
  scenario: { scenarioId: 'raft', seed: 5 },
  steps: [],
  sandbox: { prose: '', challenges: [] },
  golden: {},
};
