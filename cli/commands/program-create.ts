import { type Command, Option } from 'commander';
import type { CreateProgramInput, Program } from '#shared/domain/program.ts';
import { SUPPORT_ROLES } from '#shared/domain/support-roles.ts';
import { clientFromFlags } from '../api-client.ts';
import { commaList, readArgumentFile } from '../arguments.ts';
import { CliError, type Io } from '../io.ts';
import { printJson, printLines, withJsonOption } from '../output.ts';

interface CreateOptions {
  name: string;
  roles: string[];
  description?: string;
  consentText?: string;
  consentFile?: string;
  questionsFile?: string;
  matchingFile?: string;
  coordinatorEmail?: string;
  json?: boolean;
}

const FIELD_FLAGS = {
  name: '--name',
  description: '--description',
  supportRoles: '--roles',
  consentText: '--consent-text or --consent-file',
  intakeQuestions: '--questions-file',
  matching: '--matching-file',
  coordinatorEmail: '--coordinator-email',
};

export function registerProgramCommands(cli: Command, io: Io): void {
  const program = cli.command('program').description('Programs: what a cohort offers and asks applicants.');
  withJsonOption(
    program
      .command('create')
      .description('Create a program and print its id.')
      .requiredOption('--name <name>', 'the program name applicants see')
      .requiredOption(
        '--roles <roles>',
        `support roles offered, comma-separated (${SUPPORT_ROLES.join(', ')})`,
        commaList,
      )
      .option('--description <text>', 'a paragraph about the program')
      .addOption(
        new Option(
          '--consent-text <text>',
          'how applicants’ answers are used (at least 20 characters)',
        ).conflicts('consentFile'),
      )
      .option('--consent-file <file>', 'read the consent text from a file')
      .option(
        '--questions-file <file>',
        'a JSON array of intake questions: { id, label, type, required?, options? }',
      )
      .option(
        '--matching-file <file>',
        'JSON { weights?, rules? }: how this program weighs and limits matches (docs/matching.md)',
      )
      .option('--coordinator-email <email>', 'where intake summaries go (default: the email in your token)'),
  ).action(async (options: CreateOptions, command: Command) => {
    const input: CreateProgramInput = {
      name: options.name,
      supportRoles: options.roles as CreateProgramInput['supportRoles'],
      consentText: options.consentFile
        ? await readArgumentFile(options.consentFile, '--consent-file', io.cwd)
        : (options.consentText ?? ''),
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.questionsFile
        ? { intakeQuestions: await readJson(options.questionsFile, '--questions-file', io) }
        : {}),
      ...(options.matchingFile
        ? { matching: await readJson(options.matchingFile, '--matching-file', io) }
        : {}),
      ...(options.coordinatorEmail ? { coordinatorEmail: options.coordinatorEmail } : {}),
    };
    const client = await clientFromFlags(command.optsWithGlobals(), io);
    const created = await client.post<Program>('/programs', input, { create: true, fieldFlags: FIELD_FLAGS });
    if (options.json) printJson(io, created);
    else printLines(io.stdout, created.programId);
  });
}

/** The API checks the content and names each bad field; here only the JSON must parse. */
async function readJson<T>(file: string, flag: string, io: Io): Promise<T> {
  const text = await readArgumentFile(file, flag, io.cwd);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CliError(`${file} (${flag}) is not valid JSON: ${(error as Error).message}`);
  }
}
