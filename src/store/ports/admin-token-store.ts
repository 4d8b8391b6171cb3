/** The admin-token store port: the credentials that allow writes over HTTP, kept as hashes. */

/** An admin token as the store keeps it: never the token itself, only its sha256. */
export interface AdminToken {
  id: number;
  label: string;
  /** sha256 of the token, lower-case hex. */
  tokenHash: string;
  createdAt: string;
  /** When it was revoked; null while it is valid. */
  revokedAt: string | null;
}

/** The credentials that allow writes over HTTP, kept in the archive's database. */
export interface AdminTokenStore {
  /** Stores a new token's hash under a label; throws USAGE when the label is taken. */
  createAdminToken(label: string, tokenHash: string): Promise<AdminToken>;
  /** The valid (not revoked) token with this hash, or null. */
  findAdminToken(tokenHash: string): Promise<AdminToken | null>;
  /** Every token, revoked ones included, oldest first. */
  listAdminTokens(): Promise<AdminToken[]>;
  /** Revokes the valid token with this label; false when there is none. */
  revokeAdminToken(label: string): Promise<boolean>;
  /**
   * Stores a token record as another archive kept it (its hash, label, times, revocation), for
   * `dateline migrate`; the same hash already held is left as it is; a label taken by another hash is USAGE.
   */
  importAdminToken(token: Omit<AdminToken, 'id'>): Promise<void>;
}
