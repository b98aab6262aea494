import type { Contact, ContactSource } from './types';

/** A contact Tend has just met: no history yet, active, with the product defaults. */
export function newContact(email: string, firstSeenAt: string, source: ContactSource): Contact {
  return {
    email,
    name: null,
    nameSetByUser: false,
    tags: [],
    cadenceDays: null,
    status: 'active',
    snoozedUntil: null,
    firstSeenAt,
    lastInteractionAt: null,
    lastInboundAt: null,
    lastOutboundAt: null,
    interactionCount: 0,
    clockResetAt: null,
    lastSubject: null,
    latestNote: null,
    pendingThanks: null,
    source,
    linkedinUrl: null,
    connectedAt: null,
    lastSuggestedAt: null,
    dates: [],
    introducedBy: null,
    closeLoopDueAt: null,
    aliases: [],
  };
}
