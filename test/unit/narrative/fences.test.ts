import { describe, expect, it } from 'vitest';
import { closesFence, openingFence } from '../../../functions/narrative/fences.js';

describe('Function: openingFence', () => {
  it('opens on three or more backticks or tildes after at most three spaces, with the info', () => {
    expect(openingFence('```chart')).toEqual({ fence: { marker: '`', length: 3 }, info: 'chart' });
    expect(openingFence('   ~~~~ yaml ')).toEqual({
      fence: { marker: '~', length: 4 },
      info: ' yaml ',
    });
    expect(openingFence('~~~ a`b')?.fence).toEqual({ marker: '~', length: 3 });
  });

  it('does not open on two marks, four spaces, or backticks with a backtick after', () => {
    expect(openingFence('``chart')).toBeUndefined();
    expect(openingFence('    ```chart')).toBeUndefined();
    expect(openingFence('```a`b')).toBeUndefined();
    expect(openingFence('text ```')).toBeUndefined();
  });
});

describe('Function: closesFence', () => {
  it('closes on a run of the same mark at least as long, then only spaces', () => {
    const fence = { marker: '`', length: 4 };
    expect(closesFence('````', fence)).toBe(true);
    expect(closesFence('  `````  ', fence)).toBe(true);
    expect(closesFence('```', fence)).toBe(false);
    expect(closesFence('~~~~', fence)).toBe(false);
    expect(closesFence('```` x', fence)).toBe(false);
  });
});
