/**
 * Endpoints the page does not use, so outside the contract, but documented in the same OpenAPI
 * document: health, readiness, metrics, the document itself, and the InfluxDB 1.x-compatible
 * write path (its answers are InfluxDB's, not the API's error shape).
 */
import { z } from 'zod';
import { endpoint, json } from '../contract/index.js';

const influxError = (description: string) => json(description, z.object({ error: z.string() }));
const influxQuery = z.object({
  q: z.string().meta({ description: 'The statement', example: 'CREATE DATABASE telegraf' }),
});
const queryAnswers = {
  200: json(
    'As InfluxDB answers',
    z.object({ results: z.array(z.object({ statement_id: z.int() }).catchall(z.unknown())) }),
  ),
  400: influxError('Any other statement'),
} as const;
const text = (description: string) => ({ description, contentType: 'text/plain', schema: z.string() }) as const;

export const serviceEndpoints = {
  openApi: endpoint({
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document',
    responses: {
      200: json(
        'OpenAPI 3.1 document',
        z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
      ),
    },
  }),
  health: endpoint({
    method: 'get',
    path: '/healthz',
    summary: 'The process is up (open, no token)',
    responses: { 200: json('Up', z.object({ status: z.literal('ok') })) },
  }),
  ready: endpoint({
    method: 'get',
    path: '/readyz',
    summary: 'Ready to serve: InfluxDB (and Redis, when used) reachable, spool draining, no job stuck (open, no token)',
    responses: {
      200: json(
        'Ready, with each check',
        z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.unknown()) }),
      ),
      503: json(
        'Not ready; `checks` says what is wrong',
        z.object({ status: z.literal('not ready'), checks: z.record(z.string(), z.unknown()) }),
      ),
    },
  }),
  metrics: endpoint({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (open, no token)',
    responses: { 200: text('Prometheus text format') },
  }),
  write: endpoint({
    method: 'post',
    path: '/write',
    summary:
      'InfluxDB 1.x-compatible write of line protocol (tag series, optional tag unit, field value; the timestamp names the month)',
    query: z.object({
      db: z.string().optional().meta({ description: 'Accepted and ignored' }),
      precision: z.enum(['ns', 'n', 'u', 'ms', 's', 'm', 'h']).optional(),
    }),
    rawBodies: {
      'text/plain': {
        schema: z.string(),
        example: 'sales,series=seres_nev_sales,unit=units value=44126 1717200000000000000',
      },
    },
    responses: {
      204: { description: 'Every point stored (or queued in the spool while InfluxDB is unreachable)' },
      400: influxError('partial write: the bad points named, the good ones stored; or a bad precision'),
      413: influxError('Body over the limit'),
      500: influxError('Storage failed'),
      503: influxError('Storage unavailable'),
    },
  }),
  ping: endpoint({
    method: 'get',
    path: '/ping',
    summary: 'InfluxDB-compatible ping',
    responses: { 204: { description: 'Up' } },
  }),
  pingHead: endpoint({
    method: 'head',
    path: '/ping',
    summary: 'InfluxDB-compatible ping',
    responses: { 204: { description: 'Up' } },
  }),
  query: endpoint({
    method: 'get',
    path: '/query',
    summary: 'InfluxDB-compatible answers to CREATE DATABASE and SHOW DATABASES (what Telegraf sends at start-up)',
    query: influxQuery,
    responses: queryAnswers,
  }),
  queryPost: endpoint({
    method: 'post',
    path: '/query',
    summary: 'As GET /query',
    query: influxQuery,
    responses: queryAnswers,
  }),
} as const;
