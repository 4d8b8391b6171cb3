/** Admin tokens: made from 32 random bytes, shown once, kept only as their sha256, checked in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ArchiveError } from '../core/errors.js';
import type { AdminToken, AdminTokenStore } from '../store/ports.js';

/** Every token starts with this, so a leaked one is easy to recognise (and to search for in logs). */
export const TOKEN_PREFIX = 'dl_';

/** sha256 of a token, lower-case hex: what the store keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new token (prefix + 43 base64url characters of 32 random bytes) and its hash. */
export function newToken(): { token: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** Checks a label for a new token: 1 to 64 letters, digits, spaces, dots, dashes or underscores. */
export function checkLabel(label: string | undefined): string {
  const l = label?.trim() ?? '';
  if (!/^[\w .-]{1,64}$/.test(l))
    throw new ArchiveError(
      'USAGE',
      `A token needs a label of 1 to 64 letters, digits, spaces, ".", "-" or "_" (who or what uses it); got "${label ?? ''}". Usage: dateline token create --label NAME`,
    );
  return l;
}

/**
 * The valid token an Authorization header carries, or UNAUTHORIZED. The store is asked by hash (an
 * index lookup reveals nothing about the token: the attacker cannot choose the hash's prefix), and the
 * hashes are compared again in constant time.
 */
export async function authenticate(tokens: AdminTokenStore, header: string | undefined): Promise<AdminToken> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m)
    throw new ArchiveError(
      'UNAUTHORIZED',
      'This request changes the archive and needs an admin token: send "Authorization: Bearer TOKEN" (make one with "dateline token create --label NAME").',
    );
  const hash = hashToken(m[1]!);
  const found = await tokens.findAdminToken(hash);
  if (!found || !timingSafeEqual(Buffer.from(found.tokenHash, 'hex'), Buffer.from(hash, 'hex')))
    throw new ArchiveError(
      'UNAUTHORIZED',
      'The admin token is not valid (unknown or revoked). Check it, or make a new one with "dateline token create --label NAME".',
    );
  return found;
}
