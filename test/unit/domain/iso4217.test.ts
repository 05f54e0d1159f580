import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { iso4217FromPackage, renderIso4217Module } from '../../../scripts/update-iso4217.js';
import { ISO_4217_EXPONENTS, ISO_4217_PUBLISHED } from '../../../src/shared/iso4217.js';

const committed = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/shared/iso4217.ts');

describe('the committed ISO 4217 table', () => {
  it('given the installed currency-codes package, then src/shared/iso4217.ts is exactly what `npm run iso4217` writes from it', () => {
    expect(readFileSync(committed, 'utf8')).toBe(renderIso4217Module(iso4217FromPackage()));
  });

  it("given the package data, then every code with a minor unit is in the table with the package's digits", () => {
    const source = iso4217FromPackage();
    expect(Object.entries(ISO_4217_EXPONENTS)).toEqual(source.exponents);
    expect(ISO_4217_PUBLISHED).toBe(source.published);
  });

  it('given the table, then it holds 0-, 2-, 3- and 4-decimal currencies and leaves out the codes without a minor unit', () => {
    expect(new Set(Object.values(ISO_4217_EXPONENTS))).toEqual(new Set([0, 2, 3, 4]));
    expect(
      Object.entries(ISO_4217_EXPONENTS)
        .filter(([, e]) => e === 3)
        .map(([c]) => c),
    ).toEqual(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
    for (const code of ['XAU', 'XAG', 'XDR', 'XTS', 'XXX']) expect(Object.hasOwn(ISO_4217_EXPONENTS, code)).toBe(false);
    expect(Object.isFrozen(ISO_4217_EXPONENTS)).toBe(true);
  });
});
