import type { DomainEvent } from '../events/domain-event.ts';

export interface EventPublisher {
  /** Publishes to the custom bus; throws if any entry was rejected, so the caller retries. */
  publish(events: DomainEvent[]): Promise<void>;
}
