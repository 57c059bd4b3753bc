/** What a simulation verified: each check passes or says what it saw instead. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export class Checks {
  readonly all: Check[] = [];

  check(name: string, ok: boolean, detail: string): void {
    this.all.push({ name, ok, detail });
  }

  get failed(): Check[] {
    return this.all.filter((check) => !check.ok);
  }
}

/** Runs `work` for every item, at most `limit` at a time, the way a crowd clicks its links. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await work(item as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
