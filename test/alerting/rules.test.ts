import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { channelsFor, parseRules, type AlertRule } from '../../alerting/rules.js';
import { selects } from '../../alerting/selector.js';

const ok = (value: unknown): AlertRule[] => {
  const r = parseRules(value);
  if ('error' in r) throw new Error(r.error);
  return r.rules;
};
const refusal = (value: unknown): string => {
  const r = parseRules(value);
  return 'error' in r ? r.error : 'accepted';
};

describe('alerting/rules', () => {
  it('fills the defaults of a rule written with its kind alone', () => {
    const [rule] = ok([{ id: 'm', kind: 'missing' }]);
    expect(rule).to.deep.equal({
      id: 'm',
      kind: 'missing',
      enabled: true,
      series: 'all',
      channels: ['*'],
      notifyFrom: 'warning',
      pendingMinutes: 0,
      flapMinutes: 0,
      severity: 'warning',
      settings: { graceDays: 2, minArrivals: 6, window: 12 },
    });
  });

  it('parses the rules that ship: surprise notifies when critical, warnings show on the dashboard only', async () => {
    const rules = ok(JSON.parse(await readFile('config/alerts.json', 'utf8')).rules);
    expect(rules.map((r) => r.kind)).to.deep.equal(['surprise', 'missing', 'conflict']);
    expect(channelsFor(rules[0]!, 'critical')).to.deep.equal(['*']);
    expect(channelsFor(rules[0]!, 'warning')).to.deep.equal([]);
    expect(channelsFor(rules[1]!, 'warning')).to.deep.equal(['*']);
  });

  const refusals: [string, unknown, string][] = [
    ['an unknown kind', [{ id: 'a', kind: 'weather' }], 'rule "a", field "kind"'],
    ['a field no rule has, by name', [{ id: 'a', kind: 'conflict', colour: 'red' }], 'rule "a"'],
    ['an id with spaces', [{ id: 'a b', kind: 'conflict' }], 'rule "a b", field "id"'],
    [
      'two rules with one id',
      [
        { id: 'a', kind: 'conflict' },
        { id: 'a', kind: 'missing' },
      ],
      'rule "a", field "id"',
    ],
    [
      'a threshold without its bound',
      [{ id: 't', kind: 'threshold', settings: { measure: 'value', op: '<' } }],
      'rule "t", field "settings.bound"',
    ],
    [
      'a target threshold of 1',
      [{ id: 't', kind: 'target', settings: { threshold: 1 } }],
      'rule "t", field "settings.threshold"',
    ],
    ['a selector naming nothing', [{ id: 's', kind: 'conflict', series: {} }], 'rule "s", field "series"'],
    [
      'a pattern with a regular expression',
      [{ id: 's', kind: 'conflict', series: { metric: '(a|b)' } }],
      'rule "s", field "series',
    ],
    ['an unnamed rule, by its index', [{ kind: 'conflict' }], 'rules[0], field "id"'],
    ['rules that are not a list', { id: 'a' }, 'rules'],
  ];
  for (const [what, value, where] of refusals) {
    it(`refuses ${what}, naming where`, () => {
      expect(refusal(value)).to.match(new RegExp(`^${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    });
  }

  it('selects series by id, by metric and entity pattern, or all', () => {
    const s = { id: 'aito_deliveries', metric: 'deliveries', entity: 'aito' };
    expect(selects('all')(s)).to.equal(true);
    expect(selects({ ids: ['aito_deliveries'] })(s)).to.equal(true);
    expect(selects({ ids: ['seres_nev_sales'] })(s)).to.equal(false);
    expect(selects({ metric: 'deliv*' })(s)).to.equal(true);
    expect(selects({ metric: 'deliv' })(s)).to.equal(false);
    expect(selects({ metric: '*', entity: 'ai.o' })(s)).to.equal(false);
    expect(selects({ metric: 'deliveries', entity: 'ai*' })(s)).to.equal(true);
  });
});
