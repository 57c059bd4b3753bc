import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE } from '#infra/manifest.ts';
import type { DomainEvent } from '#shared/events/domain-event.ts';
import type { EventPublisher } from '#shared/ports/event-publisher.ts';
import { config } from './config.ts';
import { chunk } from './dynamodb/conditional.ts';
import { clientPerEndpoint } from './sdk-client.ts';

const client = clientPerEndpoint('AWS_ENDPOINT_URL_EVENTBRIDGE', () => new EventBridgeClient({}));

/** EventBridge; its endpoint comes from AWS_ENDPOINT_URL_EVENTBRIDGE when set (the local runtime). */
export class EventBridgePublisher implements EventPublisher {
  async publish(events: DomainEvent[]): Promise<void> {
    for (const batch of chunk(events, 10)) {
      const result = await client().send(
        new PutEventsCommand({
          Entries: batch.map((event) => ({
            EventBusName: config.eventBusName(),
            Source: EVENT_SOURCE,
            DetailType: event.name,
            Detail: JSON.stringify({ metadata: event.metadata, data: event.data }),
          })),
        }),
      );
      if ((result.FailedEntryCount ?? 0) > 0) {
        throw new Error(`EventBridge refused ${result.FailedEntryCount} of ${batch.length} events.`);
      }
    }
  }
}
