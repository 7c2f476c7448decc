import { Liquid } from 'liquidjs';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Module: liquid-engine', () => {
  it('makes its engine without Intl or Liquid expressions, whose first use costs a function’s load', async () => {
    // Prepare: the engine is made as the module loads, which is part of every cold start
    // of the functions that check or render templates.
    const askedIntl = vi.spyOn(Intl, 'DateTimeFormat');
    const evaluated = vi.spyOn(Liquid.prototype, 'evalValueSync');
    vi.resetModules();

    // Act
    const { liquid } = await import('../../../functions/narrative/liquid-engine.js');

    // Assess
    expect(liquid).toBeInstanceOf(Liquid);
    expect(askedIntl).not.toHaveBeenCalled();
    expect(evaluated).not.toHaveBeenCalled();
  });
});
