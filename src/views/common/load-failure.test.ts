import { describe, expect, it } from 'vitest';
import { isLoadFailure, loadFailureAdvice } from './load-failure';

describe('isLoadFailure', () => {
  it("recognises each browser's failed module download, as an Error or its message", () => {
    const messages = [
      'Failed to fetch dynamically imported module: https://x/assets/LessonPage-B8HjqQdH.js', // Chromium
      'error loading dynamically imported module: https://x/assets/LabPage-1.js', // Firefox
      'Importing a module script failed.', // Safari
      'Unable to preload CSS for /assets/RaftNodePanel-CfAxuKf0.css', // Vite's preloader
      'The simulation could not start: Failed to fetch dynamically imported module: https://x/a.js',
    ];
    for (const m of messages) {
      expect(isLoadFailure(new TypeError(m)), m).toBe(true);
      expect(isLoadFailure(m), m).toBe(true);
    }
  });

  it('leaves bugs and other messages alone', () => {
    expect(isLoadFailure(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isLoadFailure('There is no scenario called "nope".')).toBe(false);
    expect(isLoadFailure(null)).toBe(false);
    expect(isLoadFailure({ message: 'Failed to fetch dynamically imported module' })).toBe(false);
  });
});

describe('loadFailureAdvice', () => {
  it('says offline only when the device knows it is, and always what to do next', () => {
    expect(loadFailureAdvice(false)).toMatch(/^You seem to be offline.*try again\.$/);
    expect(loadFailureAdvice(true)).toMatch(/^The connection failed.*reload the page\.$/);
    expect(loadFailureAdvice(true)).not.toContain('offline');
  });
});
