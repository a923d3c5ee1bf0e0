/**
 * Alerts, silences and alert rules: GET /alerts, /alerts/:id, POST /alerts/:id/ack, GET/POST
 * /silences, DELETE /silences/:id, GET/PUT /alert-rules, PUT /targets/:series/:year. Thin: parse, call the domain, map.
 */
import { Router } from 'express';
import type { AlertEvaluator } from '../alerts/evaluator.js';
import type { RuleSet } from '../alerts/rule-set.js';
import type { Silences } from '../alerts/silences.js';
import type { Targets } from '../alerts/targets.js';
import { targetMonth } from '../../alerting/target.js';
import { alertEndpoints as api } from '../contract/index.js';
import { notFound } from '../errors.js';
import { principalName as nameOf } from './auth-middleware.js';
import { route } from './route.js';

export interface AlertsDomain {
  readonly alerts: AlertEvaluator;
  readonly silences: Silences;
  readonly rules: RuleSet;
  readonly targets: Targets;
  readonly seriesExists: (id: string) => boolean;
}

export function alertsRouter(deps: AlertsDomain): Router {
  const router = Router();
  const { alerts, silences, rules, targets } = deps;

  route(router, api.listAlerts, async ({ query }) => ({
    status: 200,
    body: {
      alerts: alerts.alerts({
        ...(query.state ? { states: query.state } : {}),
        ...(query.series === undefined ? {} : { series: query.series }),
        ...(query.rule === undefined ? {} : { rule: query.rule }),
      }),
    },
  }));

  route(router, api.getAlert, async ({ params }) => {
    const found = await alerts.history(params.id);
    if (!found) throw notFound(`alert ${params.id}`);
    return {
      status: 200,
      body: { alert: found.alert, history: found.history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })) },
    };
  });

  route(router, api.acknowledgeAlert, async ({ params }, res) => ({
    status: 200,
    body: { alert: await alerts.acknowledge(params.id, nameOf(res)) },
  }));

  route(router, api.listSilences, async () => ({ status: 200, body: { silences: silences.list() } }));

  route(router, api.createSilence, async ({ body }, res) => ({
    status: 201,
    body: { silence: await silences.create(body, nameOf(res)) },
  }));

  route(router, api.deleteSilence, async ({ params }, res) => {
    await silences.end(params.id);
    res.status(204).end();
  });

  route(router, api.listAlertRules, async () => ({
    status: 200,
    body: { rules: [...rules.rules()], source: rules.source() },
  }));

  route(router, api.putAlertRules, async ({ body }, res) => {
    await rules.replace(body.rules, nameOf(res));
    return { status: 200, body: { rules: [...rules.rules()], source: rules.source() } };
  });

  route(router, api.putTarget, async ({ params, body }, res) => {
    const { series, year } = params;
    if (!deps.seriesExists(series)) throw notFound(`series ${series}`);
    await targets.set(series, year, body.target, nameOf(res));
    const odds = (await alerts.evaluateTargets([series])).get(series);
    const month = targetMonth(year);
    return {
      status: 200,
      body: {
        series,
        year,
        target: body.target,
        probability: odds?.odds.get(year) ?? null,
        alerts: alerts.alerts({ series }).filter((a) => a.kind === 'target' && a.month === month),
      },
    };
  });
  return router;
}
