import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { SURVEY_AUDIENCES, type SurveyRequest } from '#shared/domain/survey-request.ts';
import type { SurveyProgress } from '#shared/use-cases/program-surveys.ts';
import { apiPath, clientFromFlags } from '../api-client.ts';
import type { Io } from '../io.ts';
import { printJson, printLines, renderTable, withJsonOption } from '../output.ts';

const REPORT_FORMATS = ['html', 'csv', 'json'] as const;

/**
 * `mentorflow survey trigger|list` and `mentorflow report`: an admin sends a survey now; anyone
 * running the program lists a cohort's surveys and reads its outcome report. Everything goes
 * through the API, so the same commands work against AWS.
 */
export function registerSurveyCommands(cli: Command, io: Io): void {
  const survey = cli.command('survey').description('Send a survey now, or list a cohort’s surveys.');

  withJsonOption(
    survey
      .command('trigger')
      .description(
        'Send a survey to a cohort now (admins only); people get it within a minute, not at the next tick.',
      )
      .argument('<cohort>', 'the cohort id')
      .requiredOption(
        '--survey <id>',
        'intake-baseline, midpoint, end-of-program, or a survey the program defined',
      )
      .addOption(
        new Option('--audience <who>', 'who is asked').choices(SURVEY_AUDIENCES).default('everyone'),
      ),
  ).action(
    async (
      cohortId: string,
      options: { survey: string; audience: string; json?: boolean },
      command: Command,
    ) => {
      const client = await clientFromFlags(command.optsWithGlobals(), io);
      const answer = await client.post<{ request: SurveyRequest; invited: number }>(
        apiPath`/cohorts/${cohortId}/surveys`,
        { surveyId: options.survey, audience: options.audience },
        { create: true, fieldFlags: { surveyId: '--survey', audience: '--audience' } },
      );
      if (options.json) {
        printJson(io, answer);
        return;
      }
      printLines(
        io.stdout,
        `Survey ${answer.request.surveyId} (version ${answer.request.version}) is on its way to ${answer.invited} ${answer.invited === 1 ? 'person' : 'people'}.`,
        `Request ${answer.request.requestId}; it closes ${answer.request.closesAt}.`,
      );
    },
  );

  withJsonOption(
    survey
      .command('list')
      .description('The cohort’s surveys: when sent, to how many, how many answered.')
      .argument('<cohort>', 'the cohort id'),
  ).action(async (cohortId: string, options: { json?: boolean }, command: Command) => {
    const client = await clientFromFlags(command.optsWithGlobals(), io);
    const answer = await client.get<{ surveys: SurveyProgress[] }>(apiPath`/cohorts/${cohortId}/surveys`);
    if (options.json) {
      printJson(io, answer);
      return;
    }
    io.stdout.write(
      renderTable(answer.surveys, [
        { header: 'survey', value: (s) => `${s.request.surveyId} v${s.request.version}` },
        { header: 'trigger', value: (s) => s.request.trigger },
        { header: 'audience', value: (s) => s.request.audience },
        { header: 'state', value: (s) => s.request.state },
        { header: 'sent', value: (s) => s.request.sentAt ?? '' },
        { header: 'closes', value: (s) => s.request.closesAt },
        { header: 'invited', value: (s) => s.request.invited ?? '', align: 'right' },
        { header: 'answered', value: (s) => s.responded, align: 'right' },
        { header: 'submitted', value: (s) => s.submitted, align: 'right' },
      ]),
    );
  });

  cli
    .command('report')
    .description('The cohort’s outcome report; groups under 5 people are never shown.')
    .argument('<cohort>', 'the cohort id')
    .addOption(new Option('--format <format>', 'html, csv or json').choices(REPORT_FORMATS).default('html'))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (cohortId: string, options: { format: string; output?: string }, command: Command) => {
      const client = await clientFromFlags(command.optsWithGlobals(), io);
      const body = await client.get<unknown>(apiPath`/cohorts/${cohortId}/report`, {
        query: { format: options.format },
      });
      // JSON arrives parsed; it is written back as it came, pretty-printed.
      const content = typeof body === 'string' ? body : `${JSON.stringify(body, null, 2)}\n`;
      if (options.output) {
        await writeFile(options.output, content);
        printLines(io.stderr, `Wrote ${options.output}.`);
      } else io.stdout.write(content);
    });
}
