/** Admin tokens (their hashes) in the SQLite archive database. */
import { ArchiveError } from '../../core/errors.js';
import type { AdminToken, AdminTokenStore } from '../ports.js';
import type { SqliteDb } from './sqlite-database.js';

interface TokenRow {
  id: number;
  label: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

const toToken = (r: TokenRow): AdminToken => ({
  id: r.id,
  label: r.label,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export class SqliteAdminTokenStore implements AdminTokenStore {
  constructor(private readonly db: SqliteDb) {}

  async createAdminToken(label: string, tokenHash: string): Promise<AdminToken> {
    const taken = this.db.prepare('SELECT 1 FROM admin_token WHERE label = ?').get(label);
    if (taken)
      throw new ArchiveError(
        'USAGE',
        `A token labelled "${label}" exists already; choose another label (or revoke that one first and pick a new name).`,
      );
    const id = this.db
      .prepare('INSERT INTO admin_token (label, token_hash, created_at) VALUES (?, ?, ?)')
      .run(label, tokenHash, new Date().toISOString()).lastInsertRowid;
    return toToken(this.db.prepare('SELECT * FROM admin_token WHERE id = ?').get(id) as TokenRow);
  }

  async findAdminToken(tokenHash: string): Promise<AdminToken | null> {
    const r = this.db
      .prepare('SELECT * FROM admin_token WHERE token_hash = ? AND revoked_at IS NULL')
      .get(tokenHash) as TokenRow | undefined;
    return r ? toToken(r) : null;
  }

  async listAdminTokens(): Promise<AdminToken[]> {
    return (this.db.prepare('SELECT * FROM admin_token ORDER BY id').all() as TokenRow[]).map(toToken);
  }

  async importAdminToken(t: Omit<AdminToken, 'id'>): Promise<void> {
    const held = this.db.prepare('SELECT token_hash FROM admin_token WHERE label = ?').get(t.label) as
      | { token_hash: string }
      | undefined;
    if (held?.token_hash === t.tokenHash) return;
    if (held)
      throw new ArchiveError(
        'USAGE',
        `The target already has another token labelled "${t.label}"; migrate into an empty archive.`,
      );
    this.db
      .prepare('INSERT INTO admin_token (label, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?)')
      .run(t.label, t.tokenHash, t.createdAt, t.revokedAt);
  }

  async revokeAdminToken(label: string): Promise<boolean> {
    const r = this.db
      .prepare('UPDATE admin_token SET revoked_at = ? WHERE label = ? AND revoked_at IS NULL')
      .run(new Date().toISOString(), label);
    return r.changes > 0;
  }
}
