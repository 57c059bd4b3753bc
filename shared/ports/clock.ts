/** "Now", injected so the local runtime can jump ahead and tests can pin time. */
export interface Clock {
  now(): Date;
}
