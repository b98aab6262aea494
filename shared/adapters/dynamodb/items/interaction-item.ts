import * as z from 'zod/mini';
import type { Interaction, Note } from '../../../domain/types';
import { keys } from '../../../keys';
import type { Item } from '../table';
import { nullableString, orElse, stringList, lazySchema } from './fields';

/** An interaction's fields but its id and contact: a meeting keeps them until it is held. */
export function interactionFields() {
  return {
    at: z.string(),
    direction: z.enum(['inbound', 'outbound', 'manual', 'meeting']),
    subject: nullableString,
    snippet: orElse(z.string(), ''),
    messageId: nullableString,
    threadId: nullableString,
    tags: stringList,
  };
}

const interactionSchema = lazySchema(() =>
  z.object({ id: z.string(), contactEmail: z.string(), ...interactionFields() }),
);

export function interactionItem(userId: string, i: Interaction): Item {
  return { ...keys.interaction(userId, i.contactEmail, i.at, i.id), type: 'interaction', ...i };
}

export function parseInteraction(item: Item): Interaction {
  return interactionSchema().parse(item);
}

const noteSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    contactEmail: z.string(),
    at: z.string(),
    text: z.string(),
  }),
);

export function noteItem(userId: string, n: Note): Item {
  return { ...keys.note(userId, n.contactEmail, n.id), type: 'note', ...n };
}

export function parseNote(item: Item): Note {
  return noteSchema().parse(item);
}
