/** `dateline token create|list|revoke`: the admin tokens that allow writes over HTTP (shown once, kept hashed). */
import { parseArgs } from 'node:util';
import { openArchive, resolveDataDir, resolveDb } from '../app.js';
import { checkLabel, newToken } from '../auth/admin-tokens.js';
import { ArchiveError } from '../core/errors.js';

export const tokenUsage = `Usage: dateline token create --label NAME [--data DIR] [--db postgres://…]   (prints the token once)
Usage: dateline token list [--data DIR] [--db …]
Usage: dateline token revoke --label NAME [--data DIR] [--db …]`;

export async function tokenCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'create' && action !== 'list' && action !== 'revoke')
    throw new ArchiveError('USAGE', `Say what to do with tokens: create, list or revoke.\n${tokenUsage}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      db: { type: 'string' },
      label: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const label = action === 'list' ? '' : checkLabel(values.label);
  const archive = await openArchive({ dataDir: resolveDataDir(values.data), db: resolveDb(values.db) });
  try {
    const { tokens } = archive;
    if (action === 'create') {
      const { token, hash } = newToken();
      const t = await tokens.createAdminToken(label, hash);
      if (values.json) process.stdout.write(`${JSON.stringify({ label: t.label, token })}\n`);
      else
        process.stdout.write(
          `${token}\n\nAdmin token "${t.label}" created. It is shown only this once: keep it secret.\n` +
            `Use it as: Authorization: Bearer ${token.slice(0, 6)}…\n`,
        );
      return 0;
    }
    if (action === 'revoke') {
      if (!(await tokens.revokeAdminToken(label)))
        throw new ArchiveError(
          'NOT_FOUND',
          `No valid token is labelled "${label}". See the labels with "dateline token list".`,
        );
      process.stdout.write(`Admin token "${label}" revoked; requests with it are now refused.\n`);
      return 0;
    }
    const all = await tokens.listAdminTokens();
    if (values.json) {
      const rows = all.map(({ label, createdAt, revokedAt }) => ({ label, createdAt, revokedAt }));
      process.stdout.write(`${JSON.stringify(rows)}\n`);
    } else if (all.length === 0)
      process.stdout.write('No admin tokens. Make one with "dateline token create --label NAME".\n');
    else
      for (const t of all)
        process.stdout.write(
          `${t.label}\tcreated ${t.createdAt}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'valid'}\n`,
        );
    return 0;
  } finally {
    await archive.close();
  }
}
