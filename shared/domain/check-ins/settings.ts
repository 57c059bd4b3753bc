import * as z from 'zod';

/**
 * How a cohort's check-ins run, beyond the cadence (`checkInEveryDays` on the cohort). Every
 * field has a default, so a cohort launched without `checkIns` runs them the usual way.
 */
export const checkInSettingsSchema = z.object({
  /** One reminder this many days after a round opens, to whoever has not answered; 0 sends none. */
  reminderAfterDays: z.number().int().min(0).max(27).default(3),
  /** How long answers stay open (and changeable); absent: until the next round opens. */
  roundOpenDays: z.number().int().min(2).max(28).optional(),
  /** A pair with no "we met" from either side for this long is closed, and both are told. */
  closeInactiveAfterDays: z.number().int().min(14).max(365).default(42),
  /** The local hour of the coordinator's daily digest. */
  digestHour: z.number().int().min(0).max(23).default(9),
});
export type CheckInSettings = z.output<typeof checkInSettingsSchema>;

export function checkInSettings(stored: Partial<CheckInSettings> | undefined): CheckInSettings {
  return checkInSettingsSchema.parse(stored ?? {});
}
