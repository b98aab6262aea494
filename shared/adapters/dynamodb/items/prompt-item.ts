import * as z from 'zod/mini';
import type { ThanksPrompt } from '../../../domain/types';
import { keys, shardOf } from '../../../keys';
import { type Item, type Query, startingWith } from '../table';
import { count, nullableString, orElse, lazySchema } from './fields';

const promptSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    kind: z.catch(z.enum(['thanks', 'loop']), 'thanks'),
    contactEmail: z.string(),
    interactionId: z.string(),
    interactionAt: z.string(),
    dueAt: z.string(),
    status: z.enum(['pending', 'claimed', 'sent', 'cancelled', 'failed', 'done']),
    sentAt: nullableString,
    attempts: count,
    lastError: nullableString,
    about: orElse(
      z.object({
        subject: nullableString,
        snippet: z.string(),
        direction: z.enum(['inbound', 'outbound', 'manual', 'meeting']),
      }),
      null,
    ),
    contactName: nullableString,
    introduced: z.optional(z.object({ email: z.string(), name: nullableString })),
  }),
);

/**
 * A thank-you prompt, or a close-the-loop prompt (SPEC 9, kind `loop`). While open (pending or
 * claimed) it is in the due-work index at its due time; once sent, it is in its user's sent
 * prompts index until marked done (the Today page lists both kinds; the digest's reminders are of
 * thank-yous only).
 */
export function promptItem(userId: string, p: ThanksPrompt): Item {
  const open = p.status === 'pending' || p.status === 'claimed';
  const index = open
    ? keys.dueIndex('prompts', shardOf(userId), p.dueAt, keys.dueRef.thanks(userId, p.id))
    : p.status === 'sent' && p.sentAt
      ? keys.sentThanksIndex(userId, p.sentAt, p.id)
      : {};
  return { ...keys.prompt(userId, p.id), ...index, type: 'prompt', userId, ...p };
}

/** One contact's prompts: they live with the user's other prompts, so filtered by contact. */
export function promptsOfContact(userId: string, email: string): Query {
  return {
    ...startingWith(keys.userPartition(userId), keys.promptPrefix, { ':e': email.toLowerCase() }),
    FilterExpression: 'contactEmail = :e',
  };
}

export function parsePrompt(item: Item): ThanksPrompt {
  const { introduced, ...prompt } = promptSchema().parse(item);
  return introduced ? { ...prompt, introduced } : prompt;
}
