import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { complaintEvent, permanentBounce } from '../support/ses-feedback-samples';
import { cliEnv, tend, tendJson } from '../cli/run-cli';
import { createHarness, forwardedMail, type Harness } from '../support/tend-harness';

/**
 * SPEC 7: a hard bounce or a complaint about Tend's email stops all email to that user, shown
 * in `tend users list`, until `tend users resume`. Driven through the real feedback handler
 * with SNS events of the documented shape, on the local engines.
 */
const ME = 'me@example.com';
let h: Harness;
let me: User;
let handler: (event: unknown) => Promise<{ stopped: number; already: number; ignored: number }>;

function snsEvent(...messages: unknown[]) {
  return {
    Records: messages.map((m, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:tend-feedback:abc',
      Sns: {
        Type: 'Notification',
        MessageId: `msg-${i}`,
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:tend-feedback',
        Message: typeof m === 'string' ? m : JSON.stringify(m),
        Timestamp: '2026-11-27T10:01:03.000Z',
      },
    })),
  };
}

beforeAll(async () => {
  h = await createHarness('delivery-feedback', '2026-11-26T15:00:00Z');
  h.ctx.applyEnv();
  // The real handler, its clients behind the FeedbackHandler role of the synthesized template.
  const { feedbackHandler } = await import('../../functions/ses-feedback/handler');
  const run = feedbackHandler(h.app);
  handler = (event) => h.as('FeedbackHandler', () => run(event));
  me = await h.register(ME, 'UTC');
  await h.deliver(
    forwardedMail('Rita Referrer <rita@example.org>', ME, 'Thu, Nov 26, 2026 at 9:00 AM'),
  );
});

describe('bounces and complaints', () => {
  it('ignores a soft bounce, a stranger and a message that is not feedback', async () => {
    const soft = {
      ...permanentBounce,
      bounce: { ...permanentBounce.bounce, bounceType: 'Transient' },
    };
    const stranger = {
      ...permanentBounce,
      bounce: {
        ...permanentBounce.bounce,
        bouncedRecipients: [{ emailAddress: 'someone@else.example' }],
      },
    };
    expect(await handler(snsEvent(soft, stranger, 'not json'))).toEqual({
      stopped: 0,
      already: 0,
      ignored: 3,
    });
    expect((await h.app.users.get(me.id))!.emailStopped).toBeNull();
  });

  it('stops all email to the user after a hard bounce, once, and says so in users list', async () => {
    expect(await handler(snsEvent(permanentBounce))).toEqual({
      stopped: 1,
      already: 0,
      ignored: 0,
    });
    // SNS delivers at least once: the second copy changes nothing.
    expect(await handler(snsEvent(permanentBounce, complaintEvent))).toEqual({
      stopped: 0,
      already: 2,
      ignored: 0,
    });
    expect((await h.app.users.get(me.id))!.emailStopped).toEqual({
      reason: 'bounce',
      at: '2026-11-27T10:01:02.477Z',
      detail: 'smtp; 550 5.1.1 user unknown',
    });
    const env = cliEnv(h.ctx.env);
    const [listed] = await tendJson<Array<{ emailStopped: unknown }>>(env, ['users', 'list']);
    expect(listed!.emailStopped).toMatchObject({ reason: 'bounce' });
    expect((await tend(env, ['users', 'list'])).stdout).toContain(
      'stopped: bounce 2026-11-27 (tend users resume)',
    );
  });

  it('sends nothing while stopped: the thank-you is cancelled, the digest skipped', async () => {
    const before = (await h.ctx.sentTo(ME)).length;
    await h.tick('2026-11-27T10:05:00Z'); // the thank-you for Rita is due
    await h.tick('2026-11-30T08:05:00Z'); // Monday's digest slot
    expect(await h.ctx.sentTo(ME)).toHaveLength(before);
    const [prompt] = await h.app.prompts.listFor(me.id, 'rita@example.org');
    expect(prompt!.status).toBe('cancelled');
  });

  it('emails the user again after `tend users resume`, digest schedule included', async () => {
    const env = cliEnv(h.ctx.env, { TEND_NOW: '2026-12-01T12:00:00Z' });
    const resumed = await tend(env, ['users', 'resume', ME]);
    expect(resumed).toEqual({
      code: 0,
      stdout: `Tend emails ${ME} again\n(the local stack's SES has no suppression list: nothing to remove there)\n`,
      stderr: '',
    });
    expect((await h.app.users.get(me.id))!.emailStopped).toBeNull();
    expect(await h.app.digests.getSchedule(me.id)).not.toBeNull();
    const again = await tend(env, ['users', 'resume', ME]);
    expect(again.stdout).toBe(
      `Tend was not stopped for ${ME}: nothing changed (the local stack's SES has no suppression list)\n`,
    );
  });

  it('stops email after a complaint as well', async () => {
    expect(await handler(snsEvent(complaintEvent))).toEqual({ stopped: 1, already: 0, ignored: 0 });
    expect((await h.app.users.get(me.id))!.emailStopped).toMatchObject({
      reason: 'complaint',
      detail: 'abuse',
    });
  });

  it('refuses `users resume` for an address that is no user', async () => {
    const r = await tend(cliEnv(h.ctx.env), ['users', 'resume', 'nobody@example.com']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'tend: no Tend user has the address nobody@example.com\n',
    });
  });
});
