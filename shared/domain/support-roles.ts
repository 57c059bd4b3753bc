import * as z from 'zod';

/**
 * The five ways one person can stand with another, from the program's source material.
 * The words here are shown to participants, so they say what each role *does*.
 */
export const SUPPORT_ROLES = ['mentor', 'sponsor', 'coach', 'advocate', 'challenger'] as const;
export const supportRoleSchema = z.enum(SUPPORT_ROLES);
export type SupportRole = z.infer<typeof supportRoleSchema>;

/**
 * What a new pair does first, by role: the introduction email suggests it, so the first meeting
 * has a purpose from the start.
 */
export const firstSteps: Record<SupportRole, string> = {
  mentor:
    'Meet for 45 minutes in the next two weeks. Bring one decision you are facing; the mentor shares how they would think it through.',
  sponsor:
    'Meet for 30 minutes. Share the next role or opportunity you want; the sponsor names one room where they can speak up for you this month.',
  coach:
    'Agree how often you will talk. In the first conversation, the coach only asks questions and listens: no advice yet.',
  advocate:
    'Talk about one barrier you face at work. The advocate picks one thing they can question or change on your behalf.',
  challenger:
    'Agree on one stretch goal and how candid feedback will be given, then set a date to look back at it.',
};

export const supportRoleDescriptions: Record<SupportRole, { title: string; does: string }> = {
  mentor: {
    title: 'Mentor',
    does: 'shares advice, skills and experience to guide career decisions and growth',
  },
  sponsor: {
    title: 'Sponsor',
    does: 'is senior and influential, and speaks up for the person in rooms they are not in',
  },
  coach: { title: 'Coach', does: 'listens and asks open questions so the person finds their own answers' },
  advocate: { title: 'Advocate', does: 'challenges bias and broken systems on the person’s behalf' },
  challenger: {
    title: 'Challenger',
    does: 'gives candid, challenging feedback and opens stretch assignments',
  },
};
