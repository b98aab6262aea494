/** The settings a user can change (SPEC 5 `tend settings set KEY VALUE`). */
export const SETTING_KEYS = [
  'timezone',
  'digest',
  'cadence',
  'digest-items',
  'thanks-delay-hours',
  'tag-cadence.TAG',
] as const;
