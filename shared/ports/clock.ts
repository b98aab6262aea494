/** The clock is a port: every rule that depends on time takes `now` from here. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** TEND_NOW pins the clock (demos, tests); otherwise the real time. */
export function clockFrom(fixed: string | undefined): Clock {
  return fixed ? { now: () => new Date(fixed) } : systemClock;
}
