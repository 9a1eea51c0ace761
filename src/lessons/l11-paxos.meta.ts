/** paxos: what the home page shows of the lesson (loaded with the page; the steps load when it opens). */
import type { LessonMeta } from './types';

export const meta: LessonMeta = {
  id: 'paxos',
  stepCount: 5,
  number: 11,
  title: 'Paxos: proposers, acceptors, learners',
  minutes: 20,
  objectives: [
    'Step through prepare/promise and accept/accepted by hand',
    'Explain why a later proposer must adopt the highest-numbered accepted value',
    'Tell when a value is chosen from when someone learns it',
    'Explain why duelling proposers can livelock, and how a leader ends it; map Paxos to Raft',
  ],
  prerequisites: ['raft-election'],
  misconceptions: [
    { id: 'M34', text: 'The first proposer’s value wins.' },
    { id: 'M35', text: 'If the proposer crashes, its value is lost.' },
    { id: 'M36', text: 'A value is chosen only when some node learns it.' },
    { id: 'M37', text: 'Paxos always terminates.' },
  ],
};
