import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AwsEndpoint, startAwsEndpoint } from '#infra/local/aws-endpoint.ts';
import { SentMailLog, type SesBusEvent, SesFeedback } from '#infra/local/ses-feedback.ts';
import { testEndpoints } from '../../support/aws-env.ts';

const sesUrl = testEndpoints().sesUrl;
const sent = new SentMailLog();
let published: SesBusEvent[] = [];
const feedback = new SesFeedback({
  sesUrl,
  sent,
  publish: (event) => published.push(event),
  now: () => Date.parse('2030-04-01T10:00:00Z'),
});
let endpoint: AwsEndpoint;
let ses: SESv2Client;

beforeAll(async () => {
  // Only the SES pass-through is used here; the queue and bus parts stay idle.
  endpoint = await startAwsEndpoint({
    queues: [],
    bus: { put: () => [] },
    ses: { upstreamUrl: sesUrl, sent },
  });
  ses = new SESv2Client({ endpoint: endpoint.url });
});

afterAll(async () => {
  ses.destroy();
  await endpoint.stop();
});

beforeEach(() => {
  published = [];
});

async function sendTo(
  to: string[],
  options: { cc?: string[]; tags?: Record<string, string> } = {},
): Promise<string> {
  const { MessageId } = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: 'Mentorflow <mentorflow@example.org>',
      Destination: { ToAddresses: to, CcAddresses: options.cc ?? [] },
      ConfigurationSetName: 'mentorflow-local',
      EmailTags: Object.entries(options.tags ?? {}).map(([Name, Value]) => ({ Name, Value })),
      Content: { Simple: { Subject: { Data: 'Your check-in' }, Body: { Text: { Data: 'Hello' } } } },
    }),
  );
  return MessageId!;
}

describe('SES mailbox simulator feedback', () => {
  it('publishes Email Bounced with the detail SES sends to EventBridge', async () => {
    // Act
    const messageId = await sendTo(['bounce@simulator.amazonses.com'], { tags: { recipientId: 'p-42' } });
    const count = await feedback.poll();

    // Assess
    expect(count).toBe(1);
    expect(published).toEqual([
      {
        source: 'aws.ses',
        detailType: 'Email Bounced',
        resources: ['arn:aws:ses:us-east-1:000000000000:configuration-set/mentorflow-local'],
        detail: {
          eventType: 'Bounce',
          mail: expect.objectContaining({
            messageId,
            source: 'Mentorflow <mentorflow@example.org>',
            destination: ['bounce@simulator.amazonses.com'],
            tags: expect.objectContaining({
              recipientId: ['p-42'],
              'ses:configuration-set': ['mentorflow-local'],
              'ses:from-domain': ['example.org'],
            }),
          }),
          bounce: expect.objectContaining({
            bounceType: 'Permanent',
            bouncedRecipients: [expect.objectContaining({ emailAddress: 'bounce@simulator.amazonses.com' })],
            timestamp: '2030-04-01T10:00:00.000Z',
          }),
        },
      },
    ]);
  });

  it('publishes Email Complaint Received for complaint+label addresses, only for those recipients', async () => {
    await sendTo(['someone@example.org'], { cc: ['complaint+week3@simulator.amazonses.com'] });
    await feedback.poll();

    expect(published).toEqual([
      expect.objectContaining({
        detailType: 'Email Complaint Received',
        detail: expect.objectContaining({
          eventType: 'Complaint',
          complaint: expect.objectContaining({
            complainedRecipients: [{ emailAddress: 'complaint+week3@simulator.amazonses.com' }],
          }),
        }),
      }),
    ]);
  });

  it('publishes each feedback once, however often the store is read', async () => {
    await sendTo(['bounce+once@simulator.amazonses.com']);

    const counts = [await feedback.poll(), await feedback.poll()];

    expect(counts).toEqual([1, 0]);
  });

  it('stays silent for ordinary recipients and for mail this runtime did not send', async () => {
    // Prepare: straight to the emulator, around the endpoint, as another test file would.
    const direct = new SESv2Client({ endpoint: sesUrl });
    await direct.send(
      new SendEmailCommand({
        FromEmailAddress: 'other@example.org',
        Destination: { ToAddresses: ['bounce@simulator.amazonses.com'] },
        Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } } },
      }),
    );
    direct.destroy();

    // Act
    await sendTo(['ordinary@example.org']);
    const count = await feedback.poll();

    // Assess
    expect(count).toBe(0);
    expect(published).toEqual([]);
  });

  it('finds bounces on its own when started', async () => {
    feedback.start();
    await sendTo(['bounce+timer@simulator.amazonses.com']);
    await expect.poll(() => published.length, { timeout: 5_000 }).toBe(1);
    feedback.stop();
  });
});
