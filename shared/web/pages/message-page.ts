import type { LinkError } from '#shared/domain/errors.ts';
import type { MappedError } from '#shared/http/error-mapper.ts';
import { html, type Markup } from '../html.ts';
import { renderPage } from '../layout.ts';

/** The short pages a participant sees instead of a form: a link problem, intake timing, a thank-you. */
export type PageMessage =
  | {
      kind: 'link-problem';
      reason: LinkError['reason'];
      /** Known only when the link could be trusted far enough to say whose it is. */
      programName?: string;
      coordinatorEmail?: string;
    }
  | { kind: 'intake-not-open'; programName: string; cohortName: string; opensAtText: string }
  | { kind: 'intake-closed'; programName: string; cohortName: string; coordinatorEmail?: string }
  | {
      kind: 'application-saved';
      programName: string;
      cohortName: string;
      name: string;
      closesAtText: string;
      changed: boolean;
    }
  | { kind: 'check-your-email'; programName: string; cohortName: string; email: string }
  | { kind: 'unsubscribe-confirm'; actionUrl: string; programName?: string }
  | { kind: 'unsubscribed'; programName?: string }
  | { kind: 'our-fault'; requestId: string; programName?: string }
  | { kind: 'refused'; message: string; programName?: string };

const askCoordinator = (coordinatorEmail: string | undefined) =>
  coordinatorEmail
    ? html`ask the program coordinator at <a href="mailto:${coordinatorEmail}">${coordinatorEmail}</a>`
    : html`ask your program coordinator`;

const LINK_PROBLEMS: Record<LinkError['reason'], { title: string; says: string }> = {
  expired: {
    title: 'This link has expired',
    says: 'Links stop working after a while, to keep your answers safe.',
  },
  tampered: {
    title: 'This link does not work',
    says: 'Part of it may be missing: some email programs cut long links in two.',
  },
  malformed: {
    title: 'This link does not work',
    says: 'Part of it may be missing: some email programs cut long links in two.',
  },
  'wrong-purpose': { title: 'This link is for something else', says: 'It cannot open this page.' },
};

function content(message: PageMessage): { title: string; main: Markup } {
  switch (message.kind) {
    case 'link-problem': {
      const problem = LINK_PROBLEMS[message.reason];
      return {
        title: problem.title,
        main: html`<h1>${problem.title}</h1>
<p>${problem.says}</p>
<h2>How to get a new link</h2>
<p>Reply to the invitation email that brought you here and ask for a new link, or ${askCoordinator(message.coordinatorEmail)}. Nothing you saved before is lost.</p>`,
      };
    }
    case 'intake-not-open':
      return {
        title: 'Applications are not open yet',
        main: html`<h1>Applications are not open yet</h1>
<p>Applications for ${message.cohortName} open on ${message.opensAtText}. Come back then with the same link.</p>`,
      };
    case 'intake-closed':
      return {
        title: 'Applications have closed',
        main: html`<h1>Applications have closed</h1>
<p>Applications for ${message.cohortName} have closed, so answers can no longer be sent or changed.</p>
<p>If you think this is a mistake, ${askCoordinator(message.coordinatorEmail)}.</p>`,
      };
    case 'application-saved':
      return {
        title: message.changed ? 'Your changes are saved' : 'Thank you for applying',
        main: html`<h1>${message.changed ? 'Your changes are saved' : 'Thank you for applying'}</h1>
<p>Thank you, ${message.name}. Your application to ${message.cohortName} is saved.</p>
<p>You can change your answers with the same link until ${message.closesAtText}.</p>
<h2>What happens next</h2>
<p>After applications close, the coordinator reviews the proposed matches. You will then get an email that introduces each person you are matched with, and why.</p>`,
      };
    case 'check-your-email':
      // Said the same way whether or not the address was already known, so the page reveals nobody.
      return {
        title: 'Check your email',
        main: html`<h1>Check your email</h1>
<p>We are sending a personal link to your application for ${message.cohortName} to ${message.email}.</p>
<p>It can take a few minutes. If nothing arrives, check your spam folder, then try again with the same link.</p>`,
      };
    case 'unsubscribe-confirm':
      // A POST, not the GET, unsubscribes: link scanners that open every link change nothing.
      return {
        title: 'Stop emails from this program?',
        main: html`<h1>Stop emails from this program?</h1>
<p>You will get no more emails from this program, including check-ins and surveys.</p>
<form method="post" action="${message.actionUrl}"><button type="submit">Unsubscribe</button></form>`,
      };
    case 'unsubscribed':
      return {
        title: 'You are unsubscribed',
        main: html`<h1>You are unsubscribed</h1>
<p>You will get no more emails from this program. If this was a mistake, reply to any of its emails.</p>`,
      };
    case 'refused':
      return {
        title: 'This could not be done',
        main: html`<h1>This could not be done</h1>
<p>${message.message}</p>`,
      };
    case 'our-fault':
      return {
        title: 'Something went wrong on our side',
        main: html`<h1>Something went wrong on our side</h1>
<p>Nothing you sent was lost. Please try again in a minute. If it keeps happening, tell your program coordinator and quote this reference: ${message.requestId}.</p>`,
      };
  }
}

export function renderMessagePage(message: PageMessage): string {
  const { title, main } = content(message);
  return renderPage({ title, programName: message.programName, main });
}

/**
 * What a participant page shows for an error the error mapper answered: a link problem says
 * what to do about the link, our own fault gives the request id to quote, a refusal says why.
 */
export function renderErrorPage(mapped: MappedError, requestId: string): string {
  if (mapped.code.startsWith('link_'))
    return renderMessagePage({
      kind: 'link-problem',
      reason: mapped.code.slice('link_'.length) as LinkError['reason'],
    });
  if (mapped.unexpected) return renderMessagePage({ kind: 'our-fault', requestId });
  return renderMessagePage({ kind: 'refused', message: mapped.message });
}
