/** `dateline token create|list|revoke`: the admin tokens that allow writes over HTTP (shown once, kept hashed). */
import { checkLabel, newToken } from '../auth/admin-tokens.js';
import { ArchiveError } from '../core/errors.js';
import { archiveOptionHelp, archiveOptions, openArchiveFromFlags } from './archive-flags.js';
import { commandSpec, parseCommand, usageLine } from './command-spec.js';

export const tokenSpec = commandSpec({
  name: 'token',
  args: 'create|list|revoke',
  about:
    'Makes, lists and revokes the admin tokens that allow writes over HTTP (uploads). A token is printed once,\nwhen it is made, and kept only as a hash.',
  options: {
    ...archiveOptions,
    label: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  help: {
    ...archiveOptionHelp,
    label: ['NAME', "the token's name (create and revoke)"],
    json: ['', 'print JSON'],
  },
  examples: ['token create --label uploader', 'token list', 'token revoke --label uploader'],
});

export async function tokenCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(tokenSpec, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [action, ...extra] = positionals;
  if (action !== 'create' && action !== 'list' && action !== 'revoke')
    throw new ArchiveError(
      'USAGE',
      `Say what to do with tokens: create, list or revoke.\n${usageLine(tokenSpec)}   (see dateline token --help)`,
    );
  if (extra.length > 0)
    throw new ArchiveError('USAGE', `dateline token ${action} takes no more arguments; got "${extra[0]}".`);
  const label = action === 'list' ? '' : checkLabel(values.label);
  const archive = await openArchiveFromFlags(values);
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
