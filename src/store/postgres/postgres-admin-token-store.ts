/** Admin tokens (their hashes) in the PostgreSQL archive database. */
import { ArchiveError } from '../../core/errors.js';
import type { AdminToken, AdminTokenStore } from '../ports.js';
import type { PgPool } from './postgres-database.js';

interface TokenRow {
  id: number;
  label: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

const toToken = (r: TokenRow): AdminToken => ({
  id: Number(r.id),
  label: r.label,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export class PostgresAdminTokenStore implements AdminTokenStore {
  constructor(private readonly pool: PgPool) {}

  async createAdminToken(label: string, tokenHash: string): Promise<AdminToken> {
    // ON CONFLICT keeps a race between two creators from surfacing as a store error.
    const { rows } = await this.pool.query<TokenRow>(
      `INSERT INTO admin_token (label, token_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (label) DO NOTHING RETURNING *`,
      [label, tokenHash, new Date().toISOString()],
    );
    if (!rows[0])
      throw new ArchiveError(
        'USAGE',
        `A token labelled "${label}" exists already; choose another label (or revoke that one first and pick a new name).`,
      );
    return toToken(rows[0]);
  }

  async importAdminToken(t: Omit<AdminToken, 'id'>): Promise<void> {
    const { rows } = await this.pool.query<{ token_hash: string }>(
      `INSERT INTO admin_token (label, token_hash, created_at, revoked_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (label) DO UPDATE SET label = EXCLUDED.label RETURNING token_hash`,
      [t.label, t.tokenHash, t.createdAt, t.revokedAt],
    );
    if (rows[0]?.token_hash !== t.tokenHash)
      throw new ArchiveError(
        'USAGE',
        `The target already has another token labelled "${t.label}"; migrate into an empty archive.`,
      );
  }

  async findAdminToken(tokenHash: string): Promise<AdminToken | null> {
    const { rows } = await this.pool.query<TokenRow>(
      'SELECT * FROM admin_token WHERE token_hash = $1 AND revoked_at IS NULL',
      [tokenHash],
    );
    return rows[0] ? toToken(rows[0]) : null;
  }

  async listAdminTokens(): Promise<AdminToken[]> {
    const { rows } = await this.pool.query<TokenRow>('SELECT * FROM admin_token ORDER BY id');
    return rows.map(toToken);
  }

  async revokeAdminToken(label: string): Promise<boolean> {
    const r = await this.pool.query(
      'UPDATE admin_token SET revoked_at = $1 WHERE label = $2 AND revoked_at IS NULL',
      [new Date().toISOString(), label],
    );
    return (r.rowCount ?? 0) > 0;
  }
}
