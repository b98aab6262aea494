import { describe, expect, it } from 'vitest';
import { count } from '../../shared/domain/count';

describe('count: a number and its noun, singular for 1 only', () => {
  it.each([
    [0, 'day', undefined, '0 days'],
    [1, 'day', undefined, '1 day'],
    [2, 'day', undefined, '2 days'],
    [1, 'person', 'people', '1 person'],
    [3, 'person', 'people', '3 people'],
    [1, 'stored email', undefined, '1 stored email'],
  ])('%i %s → %j', (n, singular, plural, expected) => {
    expect(count(n, singular, plural)).toBe(expected);
  });
});
