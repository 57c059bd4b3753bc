export interface SuppressionList {
  isSuppressed(email: string): Promise<boolean>;
  add(email: string, reason: 'bounce' | 'complaint' | 'unsubscribe', at: Date): Promise<void>;
}
