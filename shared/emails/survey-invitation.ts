import { SCALES, type SurveyDefinition, type SurveyQuestion } from '#shared/domain/surveys/definition.ts';
import { type EmailBlock, greeting, type RenderedEmail, renderEmail } from './email-layout.ts';

interface SurveyEmailInput {
  programName: string;
  cohortName: string;
  name: string;
  definition: Pick<SurveyDefinition, 'title' | 'intro'>;
  /** The first question the person is asked; a scale question goes in the email as one-click links. */
  firstQuestion: SurveyQuestion | undefined;
  /** The person's survey link; `answerUrl(value)` is the same page with that answer chosen. */
  surveyUrl: string;
  answerUrl(value: number): string;
  /** When the survey closes, in the cohort's zone. */
  closesAtText: string;
  reminder: boolean;
  unsubscribeUrl?: string;
}

/**
 * The survey email. Its first question is in the email itself: each answer is a link that opens
 * the survey with that answer chosen, so one click starts it. Opening a link saves nothing (mail
 * scanners open every link); the person saves on the page.
 */
export function renderSurveyEmail(input: SurveyEmailInput): RenderedEmail {
  const question = input.firstQuestion;
  const scale =
    question && (question.type === 'likert' || question.type === 'nps') ? SCALES[question.type] : undefined;
  const blocks: EmailBlock[] = [
    greeting(input.name),
    {
      type: 'paragraph',
      text: input.reminder
        ? `A reminder: ${input.definition.title} for ${input.cohortName} is still open until ${input.closesAtText}, and your answers have not been sent yet.`
        : `${input.definition.title}: a short survey for ${input.cohortName}. You can answer until ${input.closesAtText} and change your answers until then.`,
    },
    ...(input.definition.intro ? [{ type: 'paragraph', text: input.definition.intro } as const] : []),
    ...(question && scale
      ? [
          {
            type: 'links',
            label: question.text,
            links: Array.from({ length: scale.max - scale.min + 1 }, (_, i) => {
              const value = scale.min + i;
              return { text: String(value), url: input.answerUrl(value) };
            }),
            hint: `${scale.min} means "${scale.low}", ${scale.max} means "${scale.high}". Choosing one opens the survey with your answer ready to save.`,
          } as const,
        ]
      : []),
    { type: 'button', url: input.surveyUrl, label: input.reminder ? 'Finish the survey' : 'Open the survey' },
    {
      type: 'paragraph',
      text: 'Reports show only totals for groups of at least 5 people and never name anyone.',
    },
  ];
  return renderEmail({
    subject: `${input.reminder ? 'Reminder: ' : ''}${input.definition.title} – ${input.cohortName}`,
    blocks,
    programName: input.programName,
    ...(input.unsubscribeUrl ? { unsubscribeUrl: input.unsubscribeUrl } : {}),
  });
}
