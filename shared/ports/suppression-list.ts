export interface SuppressionList {
  isSuppressed(email: string): Promise<boolean>;
  /** Which of these addresses are suppressed (as given), in one batched read: for fan-outs. */
  suppressedAmong(emails: readonly string[]): Promise<Set<string>>;
  add(email: string, reason: 'bounce' | 'complaint' | 'unsubscribe', at: Date): Promise<void>;
}
