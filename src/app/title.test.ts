import { describe, expect, it } from 'vitest';
import { raftEntry } from '../engine/protocols/raft/scenarios';
import { titleFor } from './title';

describe('titleFor', () => {
  it('names the page: home, each lab by its scenario, each lesson by its title', () => {
    expect(titleFor({ page: 'home' })).toBe('Netsplit — a distributed-systems lab');
    const lab = { page: 'lab', seed: 1, nodes: null, run: null, settings: {} } as const;
    expect(titleFor({ ...lab, scenario: raftEntry.id })).toBe(`${raftEntry.title} — Netsplit lab`);
    expect(titleFor({ ...lab, scenario: 'nope' })).toBe('No such scenario — Netsplit');
    expect(titleFor({ page: 'lesson', lesson: 'raft-election' })).toMatch(/Raft.* — Netsplit$/);
    expect(titleFor({ page: 'error', message: 'x' })).toBe('Link not found — Netsplit');
  });
});
