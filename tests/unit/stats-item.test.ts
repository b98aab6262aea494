import { describe, expect, it } from 'vitest';
import { statsUpdates } from '../../shared/adapters/dynamodb/items/stats-item';
import type { Direction, Interaction } from '../../shared/domain/types';

const interaction = (contactEmail: string, direction: Direction, at: string): Interaction => ({
  id: contactEmail,
  contactEmail,
  at,
  direction,
  subject: null,
  snippet: '',
  messageId: null,
  threadId: null,
  tags: [],
});

describe('day stats updates (SPEC 3)', () => {
  const interactions = [
    interaction('new@x', 'outbound', '2026-11-26T09:00:00.000Z'),
    interaction('old@x', 'outbound', '2026-11-26T10:00:00.000Z'),
    interaction('in@x', 'inbound', '2026-11-25T10:00:00.000Z'),
  ];

  it('counts every interaction as logged, per UTC day, and collects only the reconnections', () => {
    const updates = statsUpdates('u1', interactions, (i) => i.contactEmail === 'old@x');
    expect(updates.map((u) => u.ExpressionAttributeValues)).toEqual([
      expect.objectContaining({ ':n': 2, ':out': new Set(['old@x']) }),
      expect.not.objectContaining({ ':out': expect.anything() }),
    ]);
    expect(updates[1]?.ExpressionAttributeValues).toMatchObject({ ':n': 1 });
    expect(updates[1]?.UpdateExpression).not.toContain('outbound');
    // Without a rule from the caller (a reply's manual interaction): whom the user wrote to or met.
    const [day] = statsUpdates('u1', interactions);
    expect(day?.ExpressionAttributeValues?.[':out']).toEqual(new Set(['new@x', 'old@x']));
  });
});
