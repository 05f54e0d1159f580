import { describe, expect, it } from 'vitest';
import { definedFields, presentFields } from '../../../src/shared/defined.js';

describe('definedFields', () => {
  it('given some fields undefined, when kept, then only the defined ones remain, in their order, falsy values included', () => {
    const kept = definedFields({ a: 1, b: undefined, c: 0, d: '', e: null, f: false });

    expect(kept).toStrictEqual({ a: 1, c: 0, d: '', e: null, f: false });
    expect(Object.keys(kept)).toEqual(['a', 'c', 'd', 'e', 'f']);
  });
});

describe('presentFields', () => {
  it('given columns null, undefined or empty, when kept, then only the present ones remain, in their order, 0 and false included', () => {
    const kept = presentFields({ a: 'x', b: null, c: 0, d: '', e: undefined, f: false });

    expect(kept).toStrictEqual({ a: 'x', c: 0, f: false });
    expect(Object.keys(kept)).toEqual(['a', 'c', 'f']);
  });
});
