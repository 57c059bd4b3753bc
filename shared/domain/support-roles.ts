import { z } from 'zod';

/**
 * The five ways one person can stand with another, from the program's source material.
 * The words here are shown to participants, so they say what each role *does*.
 */
export const SUPPORT_ROLES = ['mentor', 'sponsor', 'coach', 'advocate', 'challenger'] as const;
export const supportRoleSchema = z.enum(SUPPORT_ROLES);
export type SupportRole = z.infer<typeof supportRoleSchema>;

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
