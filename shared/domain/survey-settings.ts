import * as z from 'zod';

/**
 * How a cohort's surveys are sent, closed and kept. Coordinators may set these at launch; every
 * field has a default, so a cohort launched without them behaves like `DEFAULT_SURVEY_SETTINGS`.
 */
export const surveySettingsSchema = z
  .object({
    /** Days after sending when people who have not submitted get a reminder. */
    reminderDays: z
      .array(z.number().int('must be whole days').min(1, 'must be at least 1 day').max(60))
      .max(3, 'send at most 3 reminders')
      .default([7, 14]),
    /** Days after sending when the survey closes: answers can be changed until then. */
    openDays: z.number().int('must be whole days').min(1).max(90).default(21),
    /** Days after the cohort closes when the personal data of its people and answers is deleted. */
    retentionDays: z.number().int('must be whole days').min(1).max(3650).default(365),
  })
  .superRefine((settings, ctx) => {
    const days = settings.reminderDays;
    if (new Set(days).size !== days.length || days.some((d, i) => i > 0 && d <= days[i - 1]!)) {
      ctx.addIssue({ code: 'custom', path: ['reminderDays'], message: 'list each day once, in order' });
    }
    if (days.some((d) => d >= settings.openDays)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reminderDays'],
        message: `every reminder must come before the survey closes (day ${settings.openDays})`,
      });
    }
  });
export type SurveySettings = z.output<typeof surveySettingsSchema>;

export const DEFAULT_SURVEY_SETTINGS: SurveySettings = surveySettingsSchema.parse({});
