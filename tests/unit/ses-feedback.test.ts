import { describe, expect, it } from 'vitest';
import { feedbackOf } from '../../shared/events/ses-feedback';
import { complaintEvent, mail, permanentBounce } from '../support/ses-feedback-samples';

describe('feedbackOf', () => {
  it('reads a permanent bounce notification as one that stops email', () => {
    expect(feedbackOf(JSON.stringify(permanentBounce))).toEqual({
      kind: 'bounce',
      stop: true,
      recipients: ['me@example.com'],
      at: '2026-11-27T10:01:02.477Z',
      detail: 'smtp; 550 5.1.1 user unknown',
    });
  });

  it('reads a complaint event (event publishing names it eventType) as one that stops email', () => {
    expect(feedbackOf(JSON.stringify(complaintEvent))).toEqual({
      kind: 'complaint',
      stop: true,
      recipients: ['me@example.com'],
      at: '2026-11-28T08:00:00.000Z',
      detail: 'abuse',
    });
  });

  it.each(['Transient', 'Undetermined'])('reads a %s bounce as one that does not', (type) => {
    const soft = { ...permanentBounce, bounce: { ...permanentBounce.bounce, bounceType: type } };
    expect(feedbackOf(JSON.stringify(soft))).toMatchObject({ kind: 'bounce', stop: false });
  });

  it.each([
    ['a delivery notification', JSON.stringify({ notificationType: 'Delivery', mail })],
    ['a bounce without its bounce object', JSON.stringify({ notificationType: 'Bounce', mail })],
    ['not JSON', 'Successfully validated SNS topic for Amazon SES event publishing.'],
    ['JSON of another shape', '[1, 2, 3]'],
  ])('reads %s as no feedback', (_what, message) => {
    expect(feedbackOf(message)).toBeNull();
  });
});
