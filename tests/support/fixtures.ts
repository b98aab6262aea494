import type { User } from '../../shared/domain/types';

/** A user with the product defaults; override what a test is about. */
export function testUser(overrides: Partial<User> = {}): User {
  return {
    id: '01JD0000000000000000000001',
    email: overrides.addresses?.[0] ?? 'me@example.com',
    addresses: ['me@example.com'],
    timezone: 'UTC',
    digest: { day: 'monday', hour: 8 },
    pausedUntil: null,
    unsubscribed: false,
    emailStopped: null,
    defaultCadenceDays: 90,
    digestMaxItems: 7,
    thanksDelayHours: 24,
    tagCadences: {},
    neverLog: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
