import { randomUUID } from 'node:crypto';
import type { Email } from 'aws-ses-v2-local/dist/store.js';
import { LOCAL_ACCOUNT_ID, localArn } from './env.ts';
import { consoleLog, type LocalLog } from './log.ts';

export type SentEmail = Email;

export interface MessageTag {
  Name: string;
  Value: string;
}

/** What SendEmail/SendBulkEmail said about one message that the emulator does not store. */
interface SentMailRecord {
  messageId: string;
  tags: MessageTag[];
  configurationSet: string | undefined;
  /** Wall-clock epoch seconds, comparable with the emulator's `at`. */
  sentAt: number;
}

/**
 * The messages this runtime sent through its SES endpoint, with the tags and configuration set
 * the emulator drops. Feedback is produced only for these: mail that some other process sent to
 * a shared emulator (another test file) is not ours to bounce.
 */
export class SentMailLog {
  private readonly pending = new Map<string, SentMailRecord>();

  record(record: SentMailRecord): void {
    this.pending.set(record.messageId, record);
  }

  /** Removes and returns the record once its message was seen in the emulator's store. */
  take(messageId: string): SentMailRecord | undefined {
    const record = this.pending.get(messageId);
    this.pending.delete(messageId);
    return record;
  }

  /** The oldest send still waiting to be looked at, to keep `GET /store?since=` short. */
  oldestSentAt(): number | undefined {
    let oldest: number | undefined;
    for (const record of this.pending.values()) oldest = Math.min(oldest ?? record.sentAt, record.sentAt);
    return oldest;
  }
}

/** An event put on the bus as SES would publish it through a configuration set. */
export interface SesBusEvent {
  source: 'aws.ses';
  detailType: 'Email Bounced' | 'Email Complaint Received';
  detail: Record<string, unknown>;
  resources: string[];
}

interface SesFeedbackOptions {
  sesUrl: string;
  sent: SentMailLog;
  publish: (event: SesBusEvent) => void;
  /** The local clock, for the `timestamp` of a bounce. */
  now?: () => number;
  pollMs?: number;
  log?: LocalLog;
}

const SIMULATOR = /^(bounce|complaint)(\+[^@]*)?@simulator\.amazonses\.com$/i;

/**
 * The SES mailbox simulator, which the emulator lacks: mail to `bounce@simulator.amazonses.com`
 * or `complaint@...` (also `bounce+label@...`) produces the `Email Bounced` / `Email Complaint
 * Received` event a configuration set would publish to EventBridge, with the real detail shape.
 */
export class SesFeedback {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastRead: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly log: LocalLog;

  constructor(private readonly options: SesFeedbackOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? consoleLog;
  }

  start(): void {
    const every = this.options.pollMs ?? 250;
    this.running = true;
    const loop = () => {
      // A read still in flight when stop() was called must not arm the next one.
      if (!this.running) return;
      this.timer = setTimeout(() => {
        this.poll().then(loop, (error: unknown) => {
          this.log.error('SES feedback: reading the emulator store failed', error);
          loop();
        });
      }, every);
      this.timer.unref();
    };
    loop();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Reads the store with a request that starts after this call (and after any read already
   * running): `drain()` relies on seeing every mail sent before it asked. Reads never overlap,
   * or two of them could publish the same bounce.
   */
  poll(): Promise<number> {
    const read = this.lastRead.then(() => this.readStore());
    this.lastRead = read.catch(() => 0);
    return read;
  }

  private async readStore(): Promise<number> {
    const since = this.options.sent.oldestSentAt();
    if (since === undefined) return 0;
    const response = await fetch(`${this.options.sesUrl}/store?since=${since}`);
    if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
    const { emails } = (await response.json()) as { emails: SentEmail[] };
    let published = 0;
    for (const email of emails) {
      const record = this.options.sent.take(email.messageId);
      if (!record) continue;
      for (const event of feedbackEvents(email, record, new Date(this.now()))) {
        this.options.publish(event);
        published += 1;
      }
    }
    return published;
  }
}

function feedbackEvents(email: SentEmail, record: SentMailRecord, now: Date): SesBusEvent[] {
  const recipients = [...email.destination.to, ...email.destination.cc, ...email.destination.bcc];
  const simulated = (kind: string) =>
    recipients.map(bareAddress).filter((address) => SIMULATOR.exec(address)?.[1]?.toLowerCase() === kind);
  const bounced = simulated('bounce');
  const complained = simulated('complaint');
  const timestamp = now.toISOString();
  const mail = mailObject(email, record, recipients);
  const resources = record.configurationSet
    ? [localArn('ses', `configuration-set/${record.configurationSet}`)]
    : [];
  const events: SesBusEvent[] = [];
  if (bounced.length > 0) {
    events.push({
      source: 'aws.ses',
      detailType: 'Email Bounced',
      resources,
      detail: {
        eventType: 'Bounce',
        mail,
        bounce: {
          feedbackId: randomUUID(),
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: bounced.map((emailAddress) => ({
            emailAddress,
            action: 'failed',
            status: '5.1.1',
            diagnosticCode: 'smtp; 550 5.1.1 user unknown',
          })),
          timestamp,
          reportingMTA: 'dns; simulator.amazonses.com',
        },
      },
    });
  }
  if (complained.length > 0) {
    events.push({
      source: 'aws.ses',
      detailType: 'Email Complaint Received',
      resources,
      detail: {
        eventType: 'Complaint',
        mail,
        complaint: {
          feedbackId: randomUUID(),
          complaintSubType: null,
          complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
          timestamp,
          userAgent: 'Amazon SES Mailbox Simulator',
          complaintFeedbackType: 'abuse',
          arrivalDate: timestamp,
        },
      },
    });
  }
  return events;
}

/** The `mail` object of an SES event: tags are lists, with the `ses:*` tags SES adds itself. */
function mailObject(
  email: SentEmail,
  record: SentMailRecord,
  destination: string[],
): Record<string, unknown> {
  const fromDomain = bareAddress(email.from).split('@')[1] ?? '';
  const tags: Record<string, string[]> = {
    'ses:source-ip': ['127.0.0.1'],
    'ses:from-domain': [fromDomain],
    'ses:caller-identity': ['mentorflow-local'],
    ...(record.configurationSet ? { 'ses:configuration-set': [record.configurationSet] } : {}),
  };
  for (const tag of record.tags) tags[tag.Name] = [tag.Value];
  return {
    timestamp: new Date(email.at * 1000).toISOString(),
    source: email.from,
    sourceArn: localArn('ses', `identity/${fromDomain}`),
    sendingAccountId: LOCAL_ACCOUNT_ID,
    messageId: email.messageId,
    destination,
    headersTruncated: false,
    headers: (email.headers ?? []).map((header) => ({ name: header.name, value: header.value })),
    commonHeaders: {
      from: [email.from],
      to: email.destination.to,
      messageId: email.messageId,
      subject: email.subject,
    },
    tags,
  };
}

/** `Name <a@b>` → `a@b`. */
/**
 * Whether mail to this address produces feedback. The runtime remembers only such mail: keeping
 * every send would make each poll of the store read back every recent email, which at tens of
 * thousands of emails costs more than sending them.
 */
export function isMailboxSimulator(address: string): boolean {
  return SIMULATOR.test(bareAddress(address));
}

function bareAddress(address: string): string {
  return /<([^>]+)>/.exec(address)?.[1] ?? address.trim();
}
