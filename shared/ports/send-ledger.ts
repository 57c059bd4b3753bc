/**
 * Remembers every email by its send key, so a retried job never sends it twice.
 * `claim` is the conditional write that makes sending exactly-once in practice.
 */
export interface SendLedger {
  /**
   * Claims the send. True when this caller should send now: the key is new, a previous attempt
   * failed and was released, or a previous sender died and its lease ran out.
   */
  claim(sendKey: string, recipientId: string, now: Date, leaseMs: number): Promise<boolean>;
  markSent(sendKey: string, messageId: string, now: Date): Promise<void>;
  markSuppressed(sendKey: string, now: Date): Promise<void>;
  /** Gives the claim back after a failed attempt, so the retry sends. */
  release(sendKey: string): Promise<void>;
}
