/** Who acts: the roles of the platform's accounts, and the logged-in account a request acts for. */
export const ROLES = ['member', 'operator', 'investigator', 'auditor', 'regulator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  accountId: bigint;
  email: string;
  role: Role;
  /** The payer a member account pays as; null for staff, who hold no memberships. */
  payerId: bigint | null;
  tokenHash: string;
}
