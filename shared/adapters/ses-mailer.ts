import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { type Mailer, MailThrottledError, type OutgoingEmail } from '#shared/ports/mailer.ts';
import { config } from './config.ts';
import { clientPerEndpoint } from './sdk-client.ts';

const client = clientPerEndpoint('AWS_ENDPOINT_URL_SESV2', () => new SESv2Client({}));

/** SES v2; its endpoint comes from AWS_ENDPOINT_URL_SESV2 when set (the local emulator). */
export class SesMailer implements Mailer {
  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const configurationSet = config.configurationSet();
    try {
      const result = await client().send(
        new SendEmailCommand({
          FromEmailAddress: config.mailFrom(),
          Destination: { ToAddresses: [email.to] },
          ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })),
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: {
                Html: { Data: email.html, Charset: 'UTF-8' },
                Text: { Data: email.text, Charset: 'UTF-8' },
              },
              // RFC 8058 one-click unsubscribe: mail clients show an "Unsubscribe" button.
              ...(email.unsubscribeUrl
                ? {
                    Headers: [
                      { Name: 'List-Unsubscribe', Value: `<${email.unsubscribeUrl}>` },
                      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
                    ],
                  }
                : {}),
            },
          },
        }),
      );
      return { messageId: result.MessageId ?? 'unknown' };
    } catch (error) {
      if (error instanceof TooManyRequestsException) throw new MailThrottledError(error.message);
      throw error;
    }
  }
}
