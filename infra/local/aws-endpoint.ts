import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LocalBus, PutEventsEntryInput } from './bus.ts';
import { LOCAL_ACCOUNT_ID } from './env.ts';
import { BodyTooLargeError, closeServer, listen, readBody, sendJson } from './http-util.ts';
import { type LocalQueue, MAX_MESSAGE_BYTES, type MessageAttributeInput, type SendInput } from './queue.ts';
import { isMailboxSimulator, type MessageTag, type SentMailLog } from './ses-feedback.ts';

interface AwsEndpointOptions {
  queues: readonly LocalQueue[];
  bus: Pick<LocalBus, 'put'>;
  /** SES v2 calls are passed through to the emulator, noting the tags it forgets. */
  ses?: { upstreamUrl: string; sent: SentMailLog };
  port?: number;
}

export interface AwsEndpoint {
  /** `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_EVENTBRIDGE` (and `_SESV2` when proxying). */
  url: string;
  queueUrl(queueName: string): string;
  stop(): Promise<void>;
}

/** An error in the AWS JSON protocol's shape: `{ __type, message }` and a 4xx status. */
class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** SQS is "awsQueryCompatible": the SDK reads the legacy code from `x-amzn-query-error`. */
    readonly queryCode?: string,
  ) {
    super(message);
  }
}

const SQS_JSON = 'application/x-amz-json-1.0';
const EVENTS_JSON = 'application/x-amz-json-1.1';
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const MAX_BATCH_ENTRIES = 10;

/**
 * A small HTTP server that speaks the slice of the SQS (JSON 1.0) and EventBridge (JSON 1.1)
 * APIs the business code uses, so the real SDK clients run unchanged against the in-process
 * queues and bus: SendMessage, SendMessageBatch, GetQueueUrl and PutEvents.
 */
export async function startAwsEndpoint(options: AwsEndpointOptions): Promise<AwsEndpoint> {
  const queuesByName = new Map(options.queues.map((queue) => [queue.name, queue]));
  let baseUrl = '';
  const queueUrl = (name: string) => `${baseUrl}/${LOCAL_ACCOUNT_ID}/${name}`;

  const sqs: Record<string, (input: Record<string, unknown>) => unknown> = {
    GetQueueUrl: (input) => {
      const name = String(input.QueueName ?? '');
      if (!queuesByName.has(name)) throw queueDoesNotExist();
      return { QueueUrl: queueUrl(name) };
    },
    SendMessage: (input) => {
      const queue = queueFromUrl(queuesByName, input.QueueUrl);
      const message = messageInput(input);
      const problem = messageProblem(message);
      if (problem) throw new AwsError(400, problem.code, problem.message, problem.code);
      const sent = queue.send(message);
      return { MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfMessageBody };
    },
    SendMessageBatch: (input) => {
      const queue = queueFromUrl(queuesByName, input.QueueUrl);
      const entries = batchEntries(input.Entries);
      const successful: unknown[] = [];
      const failed: unknown[] = [];
      for (const entry of entries) {
        const message = messageInput(entry);
        const problem = messageProblem(message);
        if (problem) {
          failed.push({ Id: entry.Id, SenderFault: true, Code: problem.code, Message: problem.message });
          continue;
        }
        const sent = queue.send(message);
        successful.push({ Id: entry.Id, MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfMessageBody });
      }
      return { Successful: successful, Failed: failed };
    },
  };

  const events: Record<string, (input: Record<string, unknown>) => unknown> = {
    PutEvents: (input) => {
      const entries = input.Entries;
      if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_BATCH_ENTRIES) {
        throw new AwsError(400, 'ValidationException', 'Entries must hold between 1 and 10 entries.');
      }
      const results = options.bus.put(entries as PutEventsEntryInput[]);
      return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { __type: 'InternalFailure', message: String(error) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.headers['x-amz-target'];
    if (typeof target !== 'string') {
      if (options.ses && req.url?.startsWith('/v2/')) return proxySes(req, res, options.ses);
      return sendJson(res, 404, {
        __type: 'UnknownOperationException',
        message: `No operation for ${req.url}`,
      });
    }
    const [service, operation = ''] = target.split('.');
    const api = service === 'AmazonSQS' ? sqs : service === 'AWSEvents' ? events : undefined;
    const contentType = service === 'AmazonSQS' ? SQS_JSON : EVENTS_JSON;
    const requestId = randomUUID();
    try {
      const run = api && Object.hasOwn(api, operation) ? api[operation] : undefined;
      if (!run) throw new AwsError(400, 'UnknownOperationException', `${target} is not implemented locally.`);
      const output = run(await readJson(req));
      sendJson(res, 200, output, { 'content-type': contentType, 'x-amzn-requestid': requestId });
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      sendJson(
        res,
        error.status,
        { __type: error.code, message: error.message },
        {
          'content-type': contentType,
          'x-amzn-requestid': requestId,
          ...(error.queryCode ? { 'x-amzn-query-error': `${error.queryCode};Sender` } : {}),
        },
      );
    }
  }

  baseUrl = await listen(server, options.port ?? 0);
  return { url: baseUrl, queueUrl, stop: () => closeServer(server) };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = (await readBody(req, MAX_REQUEST_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new AwsError(413, 'RequestEntityTooLarge', error.message);
    throw error;
  }
  try {
    const value: unknown = JSON.parse(text || '{}');
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch (error) {
    throw new AwsError(400, 'SerializationException', `Request body is not JSON: ${String(error)}`);
  }
  throw new AwsError(400, 'SerializationException', 'Request body must be a JSON object.');
}

function queueDoesNotExist(): AwsError {
  return new AwsError(
    400,
    'QueueDoesNotExist',
    'The specified queue does not exist.',
    'AWS.SimpleQueueService.NonExistentQueue',
  );
}

/** `http://host/000000000000/send` → the `send` queue. */
function queueFromUrl(queues: ReadonlyMap<string, LocalQueue>, url: unknown): LocalQueue {
  if (typeof url !== 'string' || url === '') {
    throw new AwsError(
      400,
      'MissingParameter',
      'The request must contain the parameter QueueUrl.',
      'MissingParameter',
    );
  }
  let name: string | undefined;
  try {
    name = new URL(url).pathname.split('/').filter(Boolean).at(-1);
  } catch {
    throw new AwsError(
      400,
      'InvalidAddress',
      `The address ${url} is not valid for this endpoint.`,
      'InvalidAddress',
    );
  }
  const queue = name === undefined ? undefined : queues.get(name);
  if (!queue) throw queueDoesNotExist();
  return queue;
}

function messageInput(input: Record<string, unknown>): SendInput {
  return {
    body: typeof input.MessageBody === 'string' ? input.MessageBody : '',
    ...(typeof input.DelaySeconds === 'number' ? { delaySeconds: input.DelaySeconds } : {}),
    ...(input.MessageAttributes
      ? { messageAttributes: input.MessageAttributes as Record<string, MessageAttributeInput> }
      : {}),
  };
}

/** Characters SQS accepts in a message body (XML 1.0's), everything else is refused. */
const INVALID_BODY_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function messageProblem(message: SendInput): { code: string; message: string } | undefined {
  if (message.body === '') {
    return { code: 'MissingParameter', message: 'The request must contain the parameter MessageBody.' };
  }
  if (Buffer.byteLength(message.body) > MAX_MESSAGE_BYTES) {
    return {
      code: 'InvalidParameterValue',
      message: `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
    };
  }
  if (INVALID_BODY_CHARACTER.test(message.body)) {
    return { code: 'InvalidMessageContents', message: 'Invalid characters found in the message body.' };
  }
  const delay = message.delaySeconds ?? 0;
  if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
    return { code: 'InvalidParameterValue', message: 'DelaySeconds must be an integer from 0 to 900.' };
  }
  return undefined;
}

function batchEntries(value: unknown): (Record<string, unknown> & { Id: string })[] {
  const entries = Array.isArray(value) ? (value as (Record<string, unknown> & { Id: string })[]) : [];
  const fail = (code: string, message: string) =>
    new AwsError(400, code, message, `AWS.SimpleQueueService.${code}`);
  if (entries.length === 0)
    throw fail(
      'EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
    );
  if (entries.length > MAX_BATCH_ENTRIES) {
    throw fail(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}.`,
    );
  }
  const ids = entries.map((entry) => entry.Id);
  if (ids.some((id) => typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id))) {
    throw fail(
      'InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores.',
    );
  }
  if (new Set(ids).size !== ids.length)
    throw fail('BatchEntryIdsNotDistinct', 'Two or more batch entries have the same Id.');
  const total = entries.reduce((sum, entry) => sum + Buffer.byteLength(String(entry.MessageBody ?? '')), 0);
  if (total > MAX_MESSAGE_BYTES) {
    throw fail('BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_MESSAGE_BYTES} bytes.`);
  }
  return entries;
}

/** Headers that belong to one hop and must not be forwarded as they are. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

/**
 * Passes an SES v2 call to the emulator unchanged. For sends, it remembers each message's
 * `EmailTags` and configuration set (the emulator keeps neither), so the mailbox-simulator
 * feedback can carry them in `mail.tags` as SES does.
 */
async function proxySes(
  req: IncomingMessage,
  res: ServerResponse,
  ses: { upstreamUrl: string; sent: SentMailLog },
): Promise<void> {
  const body = await readBody(req, MAX_REQUEST_BYTES);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = req.method ?? 'GET';
  // Before forwarding: the emulator stamps `at` (epoch seconds) while handling the request.
  const sentAt = Math.floor(Date.now() / 1000);
  const upstream = await fetch(`${ses.upstreamUrl}${req.url}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
  });
  const responseBody = Buffer.from(await upstream.arrayBuffer());
  if (method === 'POST' && upstream.ok) recordSends(req.url ?? '', body, responseBody, sentAt, ses.sent);
  const responseHeaders: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') responseHeaders[name] = value;
  });
  res.writeHead(upstream.status, { ...responseHeaders, 'content-length': responseBody.length });
  res.end(responseBody);
}

interface Destination {
  ToAddresses?: string[];
  CcAddresses?: string[];
  BccAddresses?: string[];
}

interface SendEmailRequest {
  ConfigurationSetName?: string;
  Destination?: Destination;
  EmailTags?: MessageTag[];
  DefaultEmailTags?: MessageTag[];
  BulkEmailEntries?: { Destination?: Destination; ReplacementTags?: MessageTag[] }[];
}

/** Only mail to the SES mailbox simulator can bounce or complain, so only it is remembered. */
const toSimulator = (destination: Destination | undefined) =>
  [
    ...(destination?.ToAddresses ?? []),
    ...(destination?.CcAddresses ?? []),
    ...(destination?.BccAddresses ?? []),
  ].some(isMailboxSimulator);

function recordSends(
  path: string,
  requestBody: Buffer,
  responseBody: Buffer,
  sentAt: number,
  sent: SentMailLog,
): void {
  const request = JSON.parse(requestBody.toString('utf8')) as SendEmailRequest;
  const response = JSON.parse(responseBody.toString('utf8')) as {
    MessageId?: string;
    BulkEmailEntryResults?: { MessageId?: string; Status?: string }[];
  };
  const configurationSet = request.ConfigurationSetName;
  if (
    path.startsWith('/v2/email/outbound-emails') &&
    response.MessageId &&
    toSimulator(request.Destination)
  ) {
    sent.record({ messageId: response.MessageId, tags: request.EmailTags ?? [], configurationSet, sentAt });
  }
  if (path.startsWith('/v2/email/outbound-bulk-emails')) {
    response.BulkEmailEntryResults?.forEach((result, index) => {
      if (result.Status !== 'SUCCESS' || !result.MessageId) return;
      if (!toSimulator(request.BulkEmailEntries?.[index]?.Destination)) return;
      const replacement = request.BulkEmailEntries?.[index]?.ReplacementTags ?? [];
      const tags = new Map(
        [...(request.DefaultEmailTags ?? []), ...replacement].map((tag) => [tag.Name, tag]),
      );
      sent.record({ messageId: result.MessageId, tags: [...tags.values()], configurationSet, sentAt });
    });
  }
}
