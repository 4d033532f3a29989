import { describe, expect, it } from 'vitest';
import { isAddressedTo } from './agent-address';

describe('isAddressedTo', () => {
  const me = 'sip:alice@Lab.Warmline.test';
  it.each([
    ['sip:alice@lab.warmline.test', true],
    ['sips:alice@LAB.warmline.test;transport=ws', true],
    ['<sip:alice@lab.warmline.test>', true],
    ['alice@lab.warmline.test', true],
    ['alice', true],
    ['Alice', false],
    ['sip:bob@lab.warmline.test', false],
    ['sip:alice@other.example', false],
    ['', false],
    ['sip:', false],
  ])('%s -> %s', (target, expected) => {
    expect(isAddressedTo(target, me)).toBe(expected);
  });
  it('never matches with an unusable own address', () => {
    expect(isAddressedTo('alice', 'not a uri')).toBe(false);
  });
});
