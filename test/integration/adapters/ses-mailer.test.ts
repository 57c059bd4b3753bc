import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LOCAL_MAIL_FROM } from '#infra/local/env.ts';
import { SesMailer } from '#shared/adapters/ses-mailer.ts';
import { listSentEmails, useTestTable } from '../../support/aws-env.ts';

// The mailer needs no table, but this sets MAIL_FROM and points the SDK at the emulator.
useTestTable();
const mailer = new SesMailer();
const recipient = () => `${randomUUID()}@example.org`;

describe('SesMailer', () => {
  it('sends the email through SES: the emulator holds subject, HTML and text, from MAIL_FROM', async () => {
    // Prepare
    const to = recipient();

    // Act
    const { messageId } = await mailer.send({
      to,
      subject: 'Bem-vinda, Ana — 山田さんもようこそ',
      html: '<p>Hello <strong>Ana</strong></p>',
      text: 'Hello Ana',
      tags: { kind: 'invitation', recipient: 'ppl_1' },
    });

    // Assess
    const emails = await listSentEmails({ to });
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      messageId,
      from: LOCAL_MAIL_FROM,
      destination: { to: [to], cc: [], bcc: [] },
      subject: 'Bem-vinda, Ana — 山田さんもようこそ',
      body: { html: '<p>Hello <strong>Ana</strong></p>', text: 'Hello Ana' },
    });
  });

  it('adds one-click List-Unsubscribe headers (RFC 8058) when the email has an unsubscribe link', async () => {
    // Prepare
    const to = recipient();
    const unsubscribeUrl = 'https://api.example.org/unsubscribe/v1.unsubscribe.ppl_1.coh_1.1900000000.mac';

    // Act
    await mailer.send({
      to,
      subject: 'Your check-in',
      html: '<p>Hi</p>',
      text: 'Hi',
      unsubscribeUrl,
      tags: {},
    });

    // Assess
    const [email] = await listSentEmails({ to });
    expect(email?.headers).toEqual(
      expect.arrayContaining([
        { name: 'List-Unsubscribe', value: `<${unsubscribeUrl}>` },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ]),
    );
  });

  it('adds no List-Unsubscribe headers to an email without an unsubscribe link', async () => {
    const to = recipient();

    await mailer.send({
      to,
      subject: 'Intake closed',
      html: '<p>3 applications</p>',
      text: '3 applications',
      tags: {},
    });

    const [email] = await listSentEmails({ to });
    expect(email?.headers ?? []).not.toContainEqual(expect.objectContaining({ name: 'List-Unsubscribe' }));
  });

  it('fails loudly when SES refuses the email, so the sender can retry it', async () => {
    const to = recipient();

    // The emulator, like SES, refuses an email without a body.
    const attempt = mailer.send({ to, subject: 'Empty', html: '', text: '', tags: {} });

    await expect(attempt).rejects.toThrow();
    expect(await listSentEmails({ to })).toEqual([]);
  });
});
