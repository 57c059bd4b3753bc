import {
  type FunctionSpec,
  functions as manifestFunctions,
  queues as manifestQueues,
  type QueueSpec,
  type Trigger,
} from '#infra/manifest.ts';

/**
 * The part of `infra/manifest.ts` the local runtime reads. Every piece takes it as a parameter,
 * defaulting to the real manifest, so tests can run the same machinery against tiny fixture
 * handlers while the real `functions/*` are still being written.
 */
export interface LocalManifest {
  functions: readonly FunctionSpec[];
  queues: readonly QueueSpec[];
}

export const defaultManifest: LocalManifest = { functions: manifestFunctions, queues: manifestQueues };

export type TriggerOf<K extends Trigger['kind']> = Extract<Trigger, { kind: K }>;

/** Every (function, trigger) pair of one kind, in manifest order. */
export function triggersOf<K extends Trigger['kind']>(
  functions: readonly FunctionSpec[],
  kind: K,
): { fn: FunctionSpec; trigger: TriggerOf<K> }[] {
  return functions.flatMap((fn) =>
    fn.triggers
      .filter((trigger): trigger is TriggerOf<K> => trigger.kind === kind)
      .map((trigger) => ({ fn, trigger })),
  );
}
