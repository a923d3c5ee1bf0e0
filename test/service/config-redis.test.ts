import { expect } from 'chai';
import { ConfigError, DEFAULTS, loadConfig } from '../../service/config.js';

describe('service/config: several instances', () => {
  it('needs no Redis by default: everything in-process', () => {
    const config = loadConfig({}, '/tmp');
    expect(config.redisUrl).to.equal(null);
    expect(config).to.include({
      redisPrefix: DEFAULTS.redisPrefix,
      jobLockMs: DEFAULTS.jobLockMs,
      refitInFlight: DEFAULTS.refitInFlight,
    });
  });

  const accepted: {
    env: Record<string, string>;
    field: 'redisUrl' | 'redisPrefix' | 'jobLockMs' | 'refitInFlight';
    value: unknown;
  }[] = [
    { env: { REDIS_URL: 'redis://127.0.0.1:6379' }, field: 'redisUrl', value: 'redis://127.0.0.1:6379' },
    {
      env: { REDIS_URL: ' rediss://user:secret@cache.example.com:6380/2 ' },
      field: 'redisUrl',
      value: 'rediss://user:secret@cache.example.com:6380/2',
    },
    { env: { REDIS_URL: '' }, field: 'redisUrl', value: null },
    { env: { PULSECAST_REDIS_PREFIX: 'planning-eu.prod' }, field: 'redisPrefix', value: 'planning-eu.prod' },
    { env: { PULSECAST_JOB_LOCK_MS: '5000' }, field: 'jobLockMs', value: 5000 },
    { env: { PULSECAST_REFIT_IN_FLIGHT: '64' }, field: 'refitInFlight', value: 64 },
  ];
  for (const c of accepted) {
    it(`reads ${JSON.stringify(c.env)}`, () => expect(loadConfig(c.env, '/tmp')[c.field]).to.equal(c.value));
  }

  const refused: { env: Record<string, string>; names: string; hides?: string }[] = [
    { env: { REDIS_URL: 'http://127.0.0.1:6379' }, names: 'REDIS_URL' },
    { env: { REDIS_URL: '127.0.0.1:6379' }, names: 'REDIS_URL' },
    { env: { REDIS_URL: 'redis//user:hunter2@x' }, names: 'REDIS_URL', hides: 'hunter2' },
    { env: { PULSECAST_REDIS_PREFIX: 'a:b' }, names: 'PULSECAST_REDIS_PREFIX' },
    { env: { PULSECAST_REDIS_PREFIX: 'team*' }, names: 'PULSECAST_REDIS_PREFIX' },
    { env: { PULSECAST_JOB_LOCK_MS: '10' }, names: 'PULSECAST_JOB_LOCK_MS' },
    { env: { PULSECAST_REFIT_IN_FLIGHT: '0' }, names: 'PULSECAST_REFIT_IN_FLIGHT' },
  ];
  for (const c of refused) {
    it(`refuses ${JSON.stringify(c.env)} naming ${c.names}${c.hides ? ' without repeating the password' : ''}`, () => {
      let error: unknown = null;
      try {
        loadConfig(c.env, '/tmp');
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as Error).message).to.contain(c.names);
      if (c.hides) expect((error as Error).message).to.not.contain(c.hides);
    });
  }
});
