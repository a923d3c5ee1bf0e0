import { expect } from 'chai';
import { createLogger } from '../../../service/logger.js';
import { connectRedis, deleteKeys, redisKeys } from '../../../service/scale/redis.js';
import { freePort } from '../../support/smtp.js';
import { startTestRedis } from '../../support/redis.js';

describe('scale/redis', () => {
  it('puts every key it names under the prefix', () => {
    const keys = redisKeys('team-a');
    for (const [name, key] of Object.entries(keys)) if (name !== 'prefix') expect(key, name).to.match(/^team-a:/);
  });

  it('fails start-up with a stable code when Redis cannot be reached', async () => {
    const port = await freePort();
    const error = await connectRedis(`redis://127.0.0.1:${port}`, createLogger('silent')).then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(error?.code).to.equal('REDIS_UNREACHABLE');
    expect(error?.message).to.contain('REDIS_URL');
  });

  it('deletes the keys under its prefix and no others', async () => {
    const mine = await startTestRedis();
    const other = await startTestRedis();
    try {
      for (let i = 0; i < 1200; i++) await mine.redis.set(`${mine.keys.prefix}:k${i}`, '1');
      await other.redis.set(`${other.keys.prefix}:kept`, '1');
      expect(await deleteKeys(mine.redis, mine.keys.prefix)).to.equal(1200);
      expect(await mine.keyCount()).to.equal(0);
      expect(await other.keyCount()).to.equal(1);
    } finally {
      await mine.close();
      await other.close();
    }
  });
});
