import { describe, expect, it } from 'vitest';
import { roleLegend, roleStyle } from './roles';

describe('roles are drawn as the running lab’s package declares them', () => {
  it('a role name two packages share keeps each package’s shape and words', () => {
    // The RPC family's "server" is a payment server (a hexagon); the hash ring's is a server
    // on the ring (a circle). The first declaration used to win in every lab.
    expect(roleStyle('server', 'rpc').shape).toBe('hexagon');
    expect(roleLegend('server', 'rpc')).toBe('payment server');
    expect(roleStyle('server', 'hash-ring').shape).toBe('circle');
    expect(roleLegend('server', 'hash-ring')).toBe('server on the ring');
    expect(roleLegend('spare', 'hash-ring')).toBe('spare server (not in the ring)');
    expect(roleLegend('spare', 'sharding')).toBe('spare server (holds no keys)');
    expect(roleLegend('store', 'hash-ring')).toBe('backing store (slow)');
  });

  it('an unknown family or role falls back; a crashed node is the engine’s mark', () => {
    expect(roleLegend('server')).toBe(roleLegend('server', 'no-such-family'));
    expect(roleStyle('nobody', 'raft')).toEqual({ colorVar: '--role-other', shape: 'circle' });
    expect(roleLegend('nobody', 'raft')).toBe('nobody');
    expect(roleStyle('down', 'rpc')).toEqual({ colorVar: '--role-down', shape: 'circle' });
  });
});
