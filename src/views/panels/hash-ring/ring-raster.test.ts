/** The ring rasterised without a canvas: each bin's and each pixel's owner, and the dots. */
import { describe, expect, it } from 'vitest';
import { placer, ringArcs } from '../../../engine/protocols/hash-ring/placement';
import { RING_SIZE, sortedArcs } from './ring-model';
import { ownerBins, rasterBand, rasterDots } from './ring-raster';

const servers = ['n1', 'n2', 'n3'];

describe('ring raster', () => {
  it('gives every bin the owner the engine gives its middle position', () => {
    const config = { scheme: 'ring-vnodes' as const, servers, vnodes: 32 };
    const bins = ownerBins(sortedArcs(ringArcs(config)), servers, 512);
    const engine = placer(config);
    for (let b = 0; b < 512; b++) {
      const at = Math.floor(((b + 0.5) / 512) * RING_SIZE);
      expect(servers[bins[b] ?? -1]).toBe(engine.owner(at));
    }
    expect([...ownerBins([], servers, 4)]).toEqual([-1, -1, -1, -1]);
  });

  it('paints the band in each angle’s owner colour, fades the others, leaves the middle clear', () => {
    const size = 40;
    const pixels = new Uint8ClampedArray(size * size * 4);
    // Two owners: the right half of the ring (0 to 180°) is owner 0, the left half owner 1.
    const bins = Int16Array.from([0, 0, 1, 1]);
    rasterBand(pixels, size, 1, 10, 18, bins, {
      rgb: Uint8Array.from([255, 0, 0, 0, 0, 255]),
      alpha: Float32Array.from([1, 0.25]),
      hatched: Uint8Array.from([0, 0]),
      strike: [255, 255, 255],
    });
    const at = (x: number, y: number) => [
      ...pixels.slice((y * size + x) * 4, (y * size + x) * 4 + 4),
    ];
    expect(at(34, 20)).toEqual([255, 0, 0, 255]); // right: owner 0, opaque
    expect(at(5, 20)).toEqual([0, 0, 255, 64]); // left: owner 1, faded
    expect(at(20, 20)).toEqual([0, 0, 0, 0]); // the middle is not the band
  });

  it('puts a key at the top of the ring at the top, at its radius', () => {
    const size = 20;
    const pixels = new Uint8ClampedArray(size * size * 4);
    rasterDots(pixels, size, 1, [0], () => 8, [10, 20, 30], 1);
    expect([...pixels.slice((2 * size + 10) * 4, (2 * size + 10) * 4 + 4)]).toEqual([
      10, 20, 30, 255,
    ]);
  });
});
