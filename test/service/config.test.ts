import { expect } from 'chai';
import { DEFAULTS, loadConfig } from '../../service/config.js';

describe('service/config', () => {
  it('takes a default where the variable is unset, the variable where it is set, and an override over both', () => {
    const quiet = { logLevel: 'warn' } as const;
    expect(loadConfig({}, '/tmp', {}, quiet).logLevel).to.equal('warn');
    expect(loadConfig({ LOG_LEVEL: 'debug' }, '/tmp', {}, quiet).logLevel).to.equal('debug');
    expect(loadConfig({ LOG_LEVEL: 'debug' }, '/tmp', { logLevel: 'silent' }, quiet).logLevel).to.equal('silent');
    expect(loadConfig({}, '/tmp').logLevel).to.equal(DEFAULTS.logLevel);
  });

  it('reads the token the command line sends to a service from PULSECAST_TOKEN', () => {
    expect(loadConfig({ PULSECAST_TOKEN: 'pc_abc' }, '/tmp').serviceToken).to.equal('pc_abc');
    expect(loadConfig({ PULSECAST_TOKEN: '' }, '/tmp').serviceToken).to.equal(undefined);
  });
});
