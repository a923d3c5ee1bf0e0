/**
 * API tokens: random secrets shown once, stored only as SHA-256 hashes (the secrets carry 256 bits
 * of randomness, so a slow password hash would add nothing). An admin token from the environment is
 * honoured for as long as it is set; with none, one is generated on first start.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Scope } from './scopes.js';
import type { Clock } from '../clock.js';

export interface StoredToken {
  readonly id: string;
  readonly name: string;
  readonly scope: Scope;
  /** SHA-256 of the secret, hex. */
  readonly hash: string;
  readonly createdAt: number;
  readonly revoked: boolean;
}

/** Where token records live (InfluxDB in the service; anything in tests). */
export interface TokenRepository {
  list(): Promise<StoredToken[]>;
  put(token: StoredToken): Promise<void>;
}

export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly scope: Scope;
}

const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export class Authenticator {
  private byHash = new Map<string, StoredToken>();
  private readonly envHash: Buffer | null;

  constructor(
    private readonly repo: TokenRepository,
    private readonly clock: Clock,
    envAdminToken: string | undefined,
  ) {
    this.envHash = envAdminToken ? Buffer.from(hashOf(envAdminToken), 'hex') : null;
  }

  /**
   * Loads the stored tokens. Without an admin token from the environment and without any stored
   * admin token, creates one and returns its secret, for the caller to print once.
   */
  async init(): Promise<string | null> {
    await this.reload();
    if (this.envHash) return null;
    const hasAdmin = [...this.byHash.values()].some((t) => t.scope === 'admin' && !t.revoked);
    if (hasAdmin) return null;
    const { secret } = await this.create('initial admin (generated on first start)', 'admin');
    return secret;
  }

  /** Who a secret belongs to, or null. Re-reads the store once when the secret is unknown (created by the CLI). */
  async verify(secret: string | null): Promise<Principal | null> {
    if (!secret) return null;
    const hash = hashOf(secret);
    if (this.envHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.envHash)) {
      return { id: 'env', name: 'PULSECAST_ADMIN_TOKEN', scope: 'admin' };
    }
    let token = this.byHash.get(hash);
    if (!token) {
      await this.reload();
      token = this.byHash.get(hash);
    }
    if (!token || token.revoked) return null;
    return { id: token.id, name: token.name, scope: token.scope };
  }

  async create(name: string, scope: Scope): Promise<{ id: string; secret: string; token: StoredToken }> {
    const secret = `pc_${randomBytes(32).toString('base64url')}`;
    const token: StoredToken = {
      id: randomBytes(6).toString('hex'),
      name,
      scope,
      hash: hashOf(secret),
      createdAt: this.clock.now(),
      revoked: false,
    };
    await this.repo.put(token);
    this.byHash.set(token.hash, token);
    return { id: token.id, secret, token };
  }

  async list(): Promise<Omit<StoredToken, 'hash'>[]> {
    await this.reload();
    return [...this.byHash.values()].map(({ hash: _hash, ...rest }) => rest).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Returns false when no token has that id. */
  async revoke(id: string): Promise<boolean> {
    await this.reload();
    const token = [...this.byHash.values()].find((t) => t.id === id);
    if (!token) return false;
    const revoked = { ...token, revoked: true };
    await this.repo.put(revoked);
    this.byHash.set(token.hash, revoked);
    return true;
  }

  private async reload(): Promise<void> {
    const next = new Map<string, StoredToken>();
    for (const t of await this.repo.list()) next.set(t.hash, t);
    this.byHash = next;
  }
}
