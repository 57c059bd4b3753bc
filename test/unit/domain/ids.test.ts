import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IdPrefix, idFromKey, newId } from '#shared/domain/ids.ts';

const PREFIXES: IdPrefix[] = ['prg', 'coh', 'ppl', 'imp'];
const ID = /^(prg|coh|ppl|imp)_[A-Za-z0-9_-]{16}$/;

/** Parts as they reach idFromKey: user ids, program ids and Idempotency-Key headers, which hold no NUL. */
const part = fc.string({ maxLength: 40 }).filter((text) => !text.includes('\u0000'));

describe('newId', () => {
  it.each(PREFIXES)('names a %s with its prefix and 16 URL-safe characters', (prefix) => {
    // Prepare: nothing beyond the prefix.

    // Act
    const id = newId(prefix);

    // Assess
    expect(id).toMatch(ID);
    expect(id.startsWith(`${prefix}_`)).toBe(true);
    expect(encodeURIComponent(id)).toBe(id);
  });

  it('never gives the same id twice in 10,000 calls', () => {
    // Prepare
    const count = 10_000;

    // Act
    const ids = Array.from({ length: count }, () => newId('ppl'));

    // Assess
    expect(new Set(ids).size).toBe(count);
  });
});

describe('idFromKey', () => {
  it('gives the same id for the same key, so a retried create names the same thing', () => {
    // Prepare
    const parts = ['user-1', 'prg_abc', 'key-7f3a'];

    // Act
    const first = idFromKey('coh', ...parts);
    const retried = idFromKey('coh', ...parts);

    // Assess
    expect(retried).toBe(first);
    expect(first).toMatch(ID);
  });

  it('gives ids in the same format as newId, whatever the key', () => {
    // Prepare
    const prefix = fc.constantFrom(...PREFIXES);

    fc.assert(
      fc.property(prefix, fc.array(part, { minLength: 1, maxLength: 4 }), (p, parts) => {
        // Act
        const id = idFromKey(p, ...parts);

        // Assess
        expect(id).toMatch(ID);
        expect(id.startsWith(`${p}_`)).toBe(true);
      }),
    );
  });

  it('gives different ids for different parts, including the same text split differently', () => {
    // Prepare
    const parts = fc.array(part, { minLength: 1, maxLength: 4 });

    fc.assert(
      fc.property(parts, parts, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));

        // Act
        const idA = idFromKey('prg', ...a);
        const idB = idFromKey('prg', ...b);

        // Assess
        expect(idA).not.toBe(idB);
      }),
    );
  });

  it.each([
    [
      ['ab', 'c'],
      ['a', 'bc'],
    ],
    [
      ['user-1', 'key'],
      ['key', 'user-1'],
    ],
    [['user-1', 'key'], ['user-1key']],
  ])('tells %j from %j', (a, b) => {
    // Prepare: the same characters in a different order or split.

    // Act
    const idA = idFromKey('coh', ...a);
    const idB = idFromKey('coh', ...b);

    // Assess
    expect(idA).not.toBe(idB);
  });

  it('keeps the same key for different kinds of thing apart', () => {
    // Prepare
    const parts = ['user-1', 'key-7f3a'];

    // Act
    const ids = PREFIXES.map((prefix) => idFromKey(prefix, ...parts));

    // Assess
    expect(new Set(ids).size).toBe(PREFIXES.length);
  });
});
