import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '#cli/api-client.ts';
import { REPO_ROOT } from '#infra/local/lambda.ts';
import type { LocalRuntime } from '#infra/local/runtime.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { Program } from '#shared/domain/program.ts';
import type { ParticipantPage } from '#shared/ports/participant-store.ts';
import { listSentEmails } from '../support/aws-env.ts';
import { applyLinkIn, dateIn, startE2eRuntime, uniqueAddress } from './support.ts';

/**
 * The application page in a real browser at a small phone's size: every control named for a
 * screen reader, an error summary that names what is missing, a form that works from the
 * keyboard, and an application that is really stored. Debian's Chromium, not a downloaded one.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
const ZONE = 'Europe/London';

let runtime: LocalRuntime;
let browser: Browser;
let client: ApiClient;
let cohort: Cohort;
let link: string;
const applicant = uniqueAddress('browser');

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: these tests need it. Install it with \`apt-get install chromium\` (Debian's package; \`npx playwright install\` cannot work offline).`,
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  runtime = await startE2eRuntime();
  client = new ApiClient({
    apiUrl: runtime.apiUrl,
    token: runtime.issueToken({
      sub: 'e2e-browser',
      email: uniqueAddress('coordinator'),
      groups: ['coordinators'],
    }),
  });
  const program = await client.post<Program>(
    '/programs',
    {
      name: 'Open Doors',
      supportRoles: ['mentor', 'sponsor', 'coach'],
      intakeQuestions: [
        {
          id: 'hope',
          label: 'What would make this program a success for you?',
          type: 'long_text',
          required: true,
        },
        {
          id: 'format',
          label: 'How do you prefer to meet?',
          type: 'single_choice',
          options: ['Video call', 'In person'],
        },
      ],
      consentText: 'Your answers are used to match you and are seen by the coordinators of this program.',
    },
    { create: true },
  );
  const today = runtime.clock.now();
  ({ cohort } = await client.post<{ cohort: Cohort }>(
    `/programs/${program.programId}/cohorts`,
    {
      name: 'Autumn browser cohort',
      timeZone: ZONE,
      intakeOpensOn: dateIn(ZONE, today),
      intakeClosesOn: dateIn(ZONE, today, 14),
      programStartsOn: dateIn(ZONE, today, 21),
      programEndsOn: dateIn(ZONE, today, 200),
    },
    { create: true },
  ));
  // No seniority in the file: the person must choose it on the form.
  await client.post(`/cohorts/${cohort.cohortId}/imports`, {
    importId: 'browser-e2e-import',
    csv: `email,name,time_zone\r\n${applicant},Nguyễn Thị Minh,Europe/Paris\r\n`,
  });
  // The frozen clock moves only when told: a minute on, and the invitation goes out.
  runtime.clock.advanceBy(60_000);
  await runtime.tick();
  const [invitation] = await listSentEmails({ to: applicant, sesUrl: runtime.sesUrl });
  link = applyLinkIn(invitation!);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--no-first-run',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

interface AriaNode {
  role?: string;
  name?: string;
  children?: (AriaNode | string)[];
}

/** Every form control in the accessibility tree, with the name a screen reader announces. */
function controlsIn(nodes: readonly (AriaNode | string)[]): AriaNode[] {
  const roles = new Set(['textbox', 'checkbox', 'radio', 'combobox']);
  return nodes.flatMap((node) =>
    typeof node === 'string'
      ? []
      : [...(roles.has(node.role ?? '') ? [node] : []), ...controlsIn(node.children ?? [])],
  );
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `application-page-${name}.png`), fullPage: true });
}

describe('the application page in Chromium at 360×740', () => {
  it('names every control, names the missing answers, and stores an application filled in by keyboard', async () => {
    // Prepare
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(link);
    await shoot(page, 'opened');

    // Assess: each input, select and textarea has an accessible name.
    const tree = (await page.locator('form').ariaSnapshotJSON()) as AriaNode[];
    const controls = controlsIn(tree);
    const inDom = await page.locator('form input:not([type=hidden]), form select, form textarea').count();
    expect(controls).toHaveLength(inDom);
    expect(controls.filter((control) => !control.name?.trim())).toEqual([]);
    expect(await page.getByRole('textbox', { name: 'Your name (required)' }).inputValue()).toBe(
      'Nguyễn Thị Minh',
    );

    // Act: send without the career stage, the required question and consent.
    await page.getByRole('button', { name: 'Send my application' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    await shoot(page, 'errors');

    // Assess: the summary comes first and names each missing answer.
    expect(await page.title()).toMatch(/^Error: /);
    expect(await summary.isVisible()).toBe(true);
    // It starts on the first screen, above the form, without scrolling.
    expect((await summary.boundingBox())?.y).toBeLessThan(740);
    const summaryText = (await summary.textContent()) ?? '';
    expect(summaryText).toContain('Your career stage');
    expect(summaryText).toContain('What would make this program a success for you?');
    expect(summaryText).toContain('Consent');
    // Its links lead to the fields: following one focuses the career stage.
    await summary.getByRole('link', { name: /Your career stage/ }).click();
    // A string, not a function: this project's TypeScript has no DOM types.
    expect(await page.evaluate<string | null>('document.activeElement.getAttribute("name")')).toBe(
      'seniority',
    );

    // Act: answer with the keyboard, as far as a person would.
    await page.keyboard.press('ArrowDown'); // Early career → Mid-career within the radio group.
    await page.getByRole('textbox', { name: /What would make this program a success/ }).focus();
    await page.keyboard.type('Lead a team.\nAnd find a sponsor.');
    await page
      .getByRole('checkbox', { name: /^Mentor/ })
      .first()
      .focus();
    await page.keyboard.press('Space');
    await page.getByRole('radio', { name: 'Video call' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('checkbox', { name: 'I have read how my answers are used and I agree' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Send my application' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Thank you for applying' }).waitFor();
    await shoot(page, 'thank-you');
    await context.close();

    // Assess: the API stored what was typed.
    const stored = await client.get<ParticipantPage>(`/cohorts/${cohort.cohortId}/applications`, {
      query: { status: 'applied' },
    });
    expect(stored.participants).toHaveLength(1);
    expect(stored.participants[0]).toMatchObject({
      email: applicant,
      application: {
        name: 'Nguyễn Thị Minh',
        seeks: ['mentor'],
        seniority: 'mid_career',
        timeZone: 'Europe/Paris',
        answers: { hope: 'Lead a team.\nAnd find a sponsor.', format: 'Video call' },
        agreedToProgramConsent: true,
      },
    });
  });
});
