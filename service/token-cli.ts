/**
 * `pulsecast token create NAME --scope read|write|admin`, `token list`, `token revoke ID`: token
 * management straight on the database (the CLI on the local managed database acts as its owner).
 */
import { isScope, SCOPES } from './auth/scopes.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { Root } from './root.js';

export interface TokenCliOptions {
  readonly args: readonly string[];
  readonly scope?: string;
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

export async function tokenCommand(options: TokenCliOptions): Promise<number> {
  const [action, arg] = options.args;
  if (action === 'create' && (!arg || !options.scope || !isScope(options.scope))) {
    options.err.write(`pulsecast token create NAME --scope ${SCOPES.join('|')}\n`);
    return 2;
  }
  if (action === 'revoke' && !arg) {
    options.err.write('pulsecast token revoke ID\n');
    return 2;
  }
  if (action !== 'create' && action !== 'list' && action !== 'revoke') {
    options.err.write('pulsecast token create NAME --scope read|write|admin | token list | token revoke ID\n');
    return 2;
  }
  const { config, logger, clock, out } = options;
  // The token store is all a token command needs: InfluxDB and nothing else.
  const root = new Root({ config, logger, clock, role: 'command' });
  try {
    const auth = await root.tokens();
    if (action === 'create') {
      const { id, secret } = await auth.create(arg!, options.scope as 'read' | 'write' | 'admin');
      out.write(
        `created token ${id} "${arg}" with the ${options.scope} scope; the secret is shown this once:\n${secret}\n`,
      );
      return 0;
    }
    if (action === 'list') {
      for (const t of await auth.list())
        out.write(
          `${t.id}  ${t.scope.padEnd(5)}  ${new Date(t.createdAt).toISOString()}  ${t.revoked ? 'revoked' : 'active '}  ${t.name}\n`,
        );
      return 0;
    }
    if (!(await auth.revoke(arg!))) {
      options.err.write(`no token with id ${arg}\n`);
      return 1;
    }
    out.write(`revoked token ${arg}\n`);
    return 0;
  } finally {
    await root.close();
  }
}
