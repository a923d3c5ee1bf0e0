/** Token records in InfluxDB: measurement `api_token`, one point per token (tag `token_id`) at time 0, rewritten whole on revoke. */
import type { InfluxDB } from 'influx';
import type { StoredToken, TokenRepository } from './authenticator.js';
import { isScope } from './scopes.js';
import { ident, MEASUREMENT } from '../storage/schema.js';

export class InfluxTokenRepository implements TokenRepository {
  constructor(private readonly client: InfluxDB) {}

  async list(): Promise<StoredToken[]> {
    const rows = await this.client.query<Record<string, unknown>>(`SELECT * FROM ${ident(MEASUREMENT.apiToken)}`);
    return rows
      .map((r) => ({
        id: String(r['token_id']),
        name: String(r['name'] ?? ''),
        scope: String(r['scope']),
        hash: String(r['hash']),
        createdAt: Number(r['created_at'] ?? 0),
        revoked: r['revoked'] === true,
      }))
      .filter((t): t is StoredToken => isScope(t.scope));
  }

  async put(token: StoredToken): Promise<void> {
    await this.client.writePoints(
      [
        {
          measurement: MEASUREMENT.apiToken,
          tags: { token_id: token.id },
          fields: {
            name: token.name,
            scope: token.scope,
            hash: token.hash,
            created_at: token.createdAt,
            revoked: token.revoked,
          },
          timestamp: new Date(0),
        },
      ],
      { precision: 's' },
    );
  }
}
