import {
  DeleteSuppressedDestinationCommand,
  NotFoundException,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { createHarness, type Harness } from '../support/tend-harness';
import { CLI_TEST_TIMEOUT_MS, cliEnv, tend } from './run-cli';

/**
 * SPEC 7: `tend users resume EMAIL` clears Tend's own stop and takes the address off SES's
 * account-level suppression list, where SES would otherwise accept Tend's mail and drop it.
 * The table is this file's own on DynamoDB Local. There is no AWS here and aws-ses-v2-local has
 * no suppression API, so SES v2's documented answers (DeleteSuppressedDestination: success,
 * NotFoundException, a refusal) are played by aws-sdk-client-mock.
 */

const NOW = '2026-12-01T12:00:00Z';
const ME = 'me@example.com';
let h: Harness;
let me: User;
const ses = mockClient(SESv2Client);

beforeAll(async () => {
  h = await createHarness('cli-users-resume', NOW);
  me = await h.register(ME, 'UTC');
});
afterAll(() => ses.restore());

async function stop(): Promise<void> {
  const user = (await h.app.users.get(me.id))!;
  await h.app.users.save({
    ...user,
    emailStopped: { reason: 'bounce', at: '2026-11-27T10:01:02.477Z', detail: 'smtp; 550 5.1.1' },
  });
}
const stopped = async () => (await h.app.users.get(me.id))!.emailStopped;

/** The CLI pointed at a deployment (TEND_TARGET=aws), whose table is this file's local one. */
const deployed = () => cliEnv(h.ctx.env, { TEND_TARGET: 'aws', TEND_NOW: NOW });

describe('users resume', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  beforeEach(stop);
  afterEach(() => ses.reset());

  it('on the local stack clears Tend’s stop and says there is no suppression list to clear', async () => {
    const r = await tend(cliEnv(h.ctx.env, { TEND_NOW: NOW }), ['users', 'resume', ME]);
    expect(r).toEqual({
      code: 0,
      stdout: `Tend emails ${ME} again\n(the local stack's SES has no suppression list: nothing to remove there)\n`,
      stderr: '',
    });
    expect(await stopped()).toBeNull();
    expect(ses.calls()).toHaveLength(0);
  });

  it('deployed, takes the address off SES’s suppression list', async () => {
    ses.on(DeleteSuppressedDestinationCommand).resolves({});
    const r = await tend(deployed(), ['users', 'resume', ME]);
    expect(r).toEqual({
      code: 0,
      stdout: `Tend emails ${ME} again; SES's suppression list held the address: removed\n`,
      stderr: '',
    });
    expect(ses.commandCalls(DeleteSuppressedDestinationCommand)[0]!.args[0].input).toEqual({
      EmailAddress: ME,
    });
    expect(await stopped()).toBeNull();
    expect(await h.app.digests.getSchedule(me.id)).not.toBeNull();
  });

  it('deployed, an address SES does not hold (NotFoundException) is fine', async () => {
    ses
      .on(DeleteSuppressedDestinationCommand)
      .rejects(new NotFoundException({ message: 'Email address not found', $metadata: {} }));
    const r = await tend(deployed(), ['users', 'resume', ME, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      email: ME,
      emailStopped: null,
      suppression: { status: 'not-listed' },
    });
  });

  it('deployed, a refusal keeps Tend’s stop cleared, says what failed and exits 1', async () => {
    ses
      .on(DeleteSuppressedDestinationCommand)
      .rejects(
        Object.assign(
          new Error('User is not authorized to perform: ses:DeleteSuppressedDestination'),
          { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } },
        ),
      );
    const r = await tend(deployed(), ['users', 'resume', ME]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`Tend emails ${ME} again\n`);
    expect(r.stderr).toBe(
      `tend: could not take ${ME} off SES's suppression list (not allowed to call ses:DeleteSuppressedDestination): ` +
        `SES still drops Tend's mail to it. Run \`tend users resume ${ME}\` again, or: aws sesv2 delete-suppressed-destination --email-address ${ME}\n`,
    );
    expect(await stopped()).toBeNull();
  });

  it('deployed, a user Tend had not stopped is still taken off SES’s list', async () => {
    await tend(deployed(), ['users', 'resume', ME]); // clears Tend's stop
    ses.reset();
    ses.on(DeleteSuppressedDestinationCommand).resolves({});
    const r = await tend(deployed(), ['users', 'resume', ME]);
    expect(r).toEqual({
      code: 0,
      stdout: `Tend was not stopped for ${ME}; SES's suppression list held the address: removed\n`,
      stderr: '',
    });
  });
});
