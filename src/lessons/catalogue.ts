/**
 * The lessons, as the home page lists them: metadata here (small, loaded with the page), the
 * steps in one module per lesson, loaded when the lesson opens.
 */
import type { Lesson, LessonMeta } from './types';

export const LESSONS: readonly LessonMeta[] = [
  {
    id: 'no-now',
    stepCount: 4,
    number: 1,
    title: 'No “now”: what makes a system distributed',
    minutes: 10,
    objectives: [
      'See two nodes receive the same events in different orders',
      'See why timestamps from different clocks cannot order events',
      'See that a crashed node and a paused one look the same from outside',
    ],
    prerequisites: [],
    misconceptions: [
      {
        id: 'M01',
        text: 'There is a global “now” and timestamps from different machines compare.',
      },
      { id: 'M02', text: 'All nodes see events in the same order.' },
      { id: 'M03', text: 'You can tell when a remote node has crashed.' },
    ],
  },
  {
    id: 'network-not-a-pipe',
    stepCount: 5,
    number: 2,
    title: 'The network is not a pipe',
    minutes: 12,
    objectives: [
      'Recognise latency, jitter, loss, duplication and limited bandwidth by their symptoms',
      'Explain why retransmission turns loss into duplication',
    ],
    prerequisites: ['no-now'],
    misconceptions: [
      { id: 'M04', text: 'The network is reliable, latency is zero, bandwidth is infinite.' },
      { id: 'M06', text: 'Loss and duplication are separate problems.' },
    ],
  },
  {
    id: 'raft-election',
    stepCount: 5,
    number: 9,
    title: 'Raft I: terms, votes and leader election',
    minutes: 12,
    objectives: [
      'Explain followers, candidates, leaders and terms',
      'Predict when an election can and cannot succeed',
      'Explain why a majority is counted over the whole cluster',
    ],
    prerequisites: ['no-now'],
    misconceptions: [
      { id: 'M26', text: 'The lowest-id or oldest node becomes leader.' },
      { id: 'M27', text: 'Any survivor can lead; the majority is of live nodes.' },
      { id: 'M28', text: 'Split votes mean Raft is broken.' },
      { id: 'M29', text: 'Terms are timestamps.' },
    ],
  },
  {
    id: 'raft-partitions',
    stepCount: 5,
    number: 10,
    title: 'Raft II: partitions, split brain, commit vs append',
    minutes: 15,
    objectives: [
      'Tell an appended entry from a committed one',
      'Explain why a leader in the minority cannot commit',
      'See a stale read from a deposed leader, and how ReadIndex prevents it',
    ],
    prerequisites: ['raft-election'],
    misconceptions: [
      { id: 'M30', text: 'Two leaders means split brain and corruption.' },
      { id: 'M31', text: 'A write the leader accepted is durable.' },
      { id: 'M32', text: 'Reads from the leader are always fresh.' },
    ],
  },
];

const loaders: Readonly<Record<string, () => Promise<Lesson>>> = {
  'no-now': () => import('./l01-no-now').then((m) => m.lesson),
  'network-not-a-pipe': () => import('./l02-network').then((m) => m.lesson),
  'raft-election': () => import('./l09-raft-election').then((m) => m.lesson),
  'raft-partitions': () => import('./l10-raft-partitions').then((m) => m.lesson),
};

export function lessonMeta(id: string): LessonMeta | undefined {
  return LESSONS.find((l) => l.id === id);
}

export function loadLesson(id: string): Promise<Lesson> {
  const load = Object.hasOwn(loaders, id) ? loaders[id] : undefined;
  return load
    ? load()
    : Promise.reject(new Error(`There is no lesson called "${id.slice(0, 60)}".`));
}

/** A lesson module's metadata from the catalogue (so the two cannot drift apart). */
export function metaOf(id: string): LessonMeta {
  const meta = lessonMeta(id);
  if (!meta) throw new Error(`lesson ${id} is not in the catalogue`);
  return meta;
}
