/**
 * The payment port, beside its providers (simulated-provider.ts, batch-file-provider.ts).
 * A payment provider decides outcomes inside SQL, so that collecting from 100 million payers is
 * one statement. `outcomeSql` returns an expression over `payer_id`, `period_id` and `attempts`
 * of the row in scope and the instant parameter `atParam`, giving 'paid', 'failed' or 'pending'.
 */
export interface PaymentProvider {
  readonly name: string;
  outcomeSql(atParam: string): string;
}
