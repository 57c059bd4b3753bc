import { randomUUID } from 'node:crypto';
import * as z from 'zod';

/**
 * Every event on the bus is `{ metadata, data }`. The bus's `detail-type` is the event name;
 * consumers parse `data` with the event's own schema and check `metadata.version`.
 */
const eventMetadataSchema = z.object({
  eventId: z.string(),
  version: z.number().int().positive(),
  occurredAt: z.string(),
});

export interface DomainEvent<Name extends string = string, Data = unknown> {
  name: Name;
  metadata: z.infer<typeof eventMetadataSchema>;
  data: Data;
}

interface EventDefinition<Name extends string, Schema extends z.ZodType> {
  name: Name;
  version: number;
  schema: Schema;
  /** `eventId` is deterministic when given, so a retried job publishes the same event id. */
  create(data: z.input<Schema>, occurredAt: Date, eventId?: string): DomainEvent<Name, z.output<Schema>>;
  /** Parses an EventBridge `detail`; throws a ZodError naming the field when it does not fit. */
  parse(detail: unknown): DomainEvent<Name, z.output<Schema>>;
}

export function defineEvent<Name extends string, Schema extends z.ZodType>(
  name: Name,
  version: number,
  schema: Schema,
): EventDefinition<Name, Schema> {
  const detailSchema = z.object({ metadata: eventMetadataSchema, data: schema });
  return {
    name,
    version,
    schema,
    create: (data, occurredAt, eventId = randomUUID()) => ({
      name,
      metadata: { eventId, version, occurredAt: occurredAt.toISOString() },
      data: schema.parse(data),
    }),
    parse: (detail) => {
      const parsed = detailSchema.parse(detail) as {
        metadata: z.infer<typeof eventMetadataSchema>;
        data: z.output<Schema>;
      };
      return { name, metadata: parsed.metadata, data: parsed.data };
    },
  };
}
