import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  logger,
  redact,
  redactError,
  redactingErrors,
  withoutAddresses,
} from '../../shared/logger';

/**
 * Privacy (handbook): logs carry no full addresses. Tend's own fields go through `redact`; the
 * logger scrubs every string it writes, so text Tend does not choose cannot carry one either.
 */

/** The JSON lines `run` made the logger write (warnings and errors go to stderr). */
function linesOf(run: () => void): string[] {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe('redact', () => {
  it('keeps the domain and a short hash, the same for any case of the address', () => {
    expect(redact('Ana.Lopez@Example.ORG')).toMatch(/^[0-9a-f]{10} at example\.org$/);
    expect(redact('ana.lopez@example.org')).toBe(redact('Ana.Lopez@Example.ORG'));
    expect(redact('bo@example.org')).not.toBe(redact('ana.lopez@example.org'));
    expect(redact(null)).toBe('none');
  });
});

describe('withoutAddresses', () => {
  it.each([
    'Email address is not verified. The following identities failed the check in region US-EAST-1: ana.lopez@example.org',
    'From "Ana" <ana.lopez@example.org>, cc bo+tend@mail.example.co.uk',
    'ana.lopez@example.org',
  ])('leaves no address in %j', (text) => {
    const out = withoutAddresses(text);
    expect(out).not.toMatch(/@/);
    expect(out).toContain(redact('ana.lopez@example.org'));
  });

  it('leaves text without an address, and a redacted one, as they are', () => {
    const text = `send failed after 3 attempts (${redact('ana.lopez@example.org')})`;
    expect(withoutAddresses(text)).toBe(text);
    expect(withoutAddresses('an @ alone, user@localhost')).toBe('an @ alone, user@localhost');
    expect(withoutAddresses('/contacts/bo@example.org')).toBe(
      `/contacts/${redact('bo@example.org')}`,
    );
  });
});

describe('the logger', () => {
  it('writes no address that a field, an error message or a stack carries', () => {
    const rejected = new Error(
      'Email address is not verified. The following identities failed the check: ana.lopez@example.org',
    );
    const lines = linesOf(() => {
      logger.warn('send failed', { error: `MessageRejected: ${rejected.message}` });
      logger.error('web request failed', { error: rejected, path: '/contacts/bo@example.org' });
    });

    expect(lines).toHaveLength(2);
    const text = lines.join('');
    expect(text).not.toContain('ana.lopez@example.org');
    expect(text).not.toContain('bo@example.org');
    expect(text).toContain(redact('ana.lopez@example.org'));
    const [warn, error] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warn).toMatchObject({ level: 'WARN', message: 'send failed' });
    expect(error).toMatchObject({
      level: 'ERROR',
      message: 'web request failed',
      path: `/contacts/${redact('bo@example.org')}`,
      error: { name: 'Error', message: expect.stringContaining(redact('ana.lopez@example.org')) },
    });
  });
});

/** An error as the SES v2 client throws it: its own class, named, with a cause. */
class MessageRejected extends Error {
  override name = 'MessageRejected';
}

describe('errors a handler throws (the Lambda runtime logs them, not the logger)', () => {
  it('redacts the message and stack of the error and its causes, keeping the object and type', () => {
    const cause = new Error('recipient ana.lopez@example.org refused');
    const error = new MessageRejected(
      'Email address is not verified. The following identities failed the check: ana.lopez@example.org',
      { cause },
    );

    expect(redactError(error)).toBe(error);
    expect(error).toBeInstanceOf(MessageRejected);
    expect(error.name).toBe('MessageRejected');
    for (const e of [error, cause]) {
      expect(e.message).not.toContain('ana.lopez@example.org');
      expect(e.message).toContain(redact('ana.lopez@example.org'));
      expect(e.stack).not.toContain('ana.lopez@example.org');
    }
    expect(redactError('not an error')).toBe('not an error');
  });

  it('makes a handler rethrow what it threw, redacted, and return what it returned', async () => {
    const failing = redactingErrors(async (to: string) => {
      throw new MessageRejected(`cannot send to ${to}`);
    });
    const working = redactingErrors(async (n: number) => n + 1);

    const thrown = await failing('bo@example.org').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(MessageRejected);
    expect((thrown as Error).message).toBe(`cannot send to ${redact('bo@example.org')}`);
    expect(await working(1)).toBe(2);
  });
});
