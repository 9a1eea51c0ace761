import { describe, expect, it } from 'vitest';
import { labHash, parseHash } from './router';

// The router reads any scenario id: it is checked against the catalogue when the lab opens.

describe('parseHash', () => {
  it('reads the home page from an empty or bare hash', () => {
    expect(parseHash('')).toEqual({ page: 'home' });
    expect(parseHash('#/')).toEqual({ page: 'home' });
  });

  it('reads a lab route with its seed, node count and settings', () => {
    expect(parseHash('#/lab/demo?seed=7&nodes=5')).toEqual({
      page: 'lab',
      scenario: 'demo',
      seed: 7,
      nodes: 5,
      run: null,
      settings: {},
    });
    expect(parseHash('#/lab/demo?seed=-3&preVote=1&run=abc')).toMatchObject({
      page: 'lab',
      scenario: 'demo',
      seed: -3,
      nodes: null,
      run: 'abc',
      settings: { preVote: '1' },
    });
    expect(parseHash('#/lab/demo')).toMatchObject({ page: 'lab', seed: null, nodes: null });
  });

  it('explains a malformed seed or node count instead of guessing', () => {
    for (const hash of ['#/lab/demo?seed=abc', '#/lab/demo?seed=1.5', '#/lab/demo?nodes=5x']) {
      const route = parseHash(hash);
      expect(route.page).toBe('error');
      if (route.page === 'error') expect(route.message).toMatch(/must be a whole number/);
    }
    expect(parseHash('#/lab/demo?seed=12345678901')).toEqual({
      page: 'error',
      message:
        'This link is malformed: the seed must be a whole number from −9,999,999,999 to 9,999,999,999; "12345678901" is too large.',
    });
  });

  it('explains a path that leads nowhere', () => {
    const route = parseHash('#/somewhere/else');
    expect(route).toEqual({ page: 'error', message: 'There is no page at "/somewhere/else".' });
    expect(parseHash('#/lab').page).toBe('error');
    expect(parseHash('#/lab/demo/extra').page).toBe('error');
  });
});

describe('labHash', () => {
  it('writes a route that parseHash reads back', () => {
    const hash = labHash('demo', 42, 3, 'r1', { heartbeat: '80', seed: 'ignored' });
    expect(hash).toBe('#/lab/demo?seed=42&nodes=3&heartbeat=80&run=r1');
    expect(parseHash(hash)).toEqual({
      page: 'lab',
      scenario: 'demo',
      seed: 42,
      nodes: 3,
      run: 'r1',
      settings: { heartbeat: '80' },
    });
  });

  it('leaves out what is not given', () => {
    expect(labHash('demo', 1)).toBe('#/lab/demo?seed=1');
  });
});
