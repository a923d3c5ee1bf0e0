/**
 * The notification channels that exist: the built-in dashboard, those of the alerts file
 * (`config/alerts.json`, read-only at run time) and those defined through the API (stored in
 * InfluxDB with their secrets, so they survive restarts and webhooks keep signing). Every
 * definition, wherever it came from, goes through the contract's schema and the same checks; the
 * views it answers with never carry a secret.
 */
import { readFile } from 'node:fs/promises';
import type { InfluxDB } from 'influx';
import {
  ALERT_CHANNEL_INVALID,
  ChannelDefinitionSchema,
  type AlertChannelView,
  type ChannelDefinition,
} from '../contract/index.js';
import { AppError, notFound } from '../errors.js';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import { parseOrThrow } from '../validation.js';
import type { AlertChannel } from './channels/channel.js';
import type { ChannelDirectory } from './dispatcher.js';
import { pointsAtService, type ServiceAddress } from './self-url.js';

/** A definition complete: its id, and a webhook's secret. */
export type ChannelSpec = ChannelDefinition & { readonly id: string; readonly secret?: string };

export interface ChannelRecord {
  readonly id: string;
  readonly json: string;
  readonly deleted: boolean;
  readonly updatedAt: number;
}

export interface ChannelStore {
  list(): Promise<ChannelRecord[]>;
  put(record: ChannelRecord): Promise<void>;
}

export class InfluxChannelStore implements ChannelStore {
  constructor(private readonly client: InfluxDB) {}

  async list(): Promise<ChannelRecord[]> {
    const rows = await this.client.query<Record<string, unknown>>(`SELECT * FROM ${ident(MEASUREMENT.alertChannel)}`);
    return rows.map((r) => ({
      id: String(r[TAG.channel]),
      json: String(r['json'] ?? ''),
      deleted: r['deleted'] === true,
      updatedAt: Number(r['updated_at'] ?? 0),
    }));
  }

  async put(record: ChannelRecord): Promise<void> {
    await this.client.writePoints(
      [
        {
          measurement: MEASUREMENT.alertChannel,
          tags: { [TAG.channel]: record.id },
          fields: { json: record.json, deleted: record.deleted, updated_at: record.updatedAt },
          timestamp: new Date(0),
        },
      ],
      { precision: 'ms' },
    );
  }
}

/**
 * Reads the channels of the alerts file: `{ "channels": [ ... ] }` (other keys, the rules, are
 * not this module's). A missing file has none.
 */
export async function readAlertChannelsFile(file: string, service: ServiceAddress): Promise<ChannelSpec[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError(400, ALERT_CHANNEL_INVALID, `${file} is not JSON: ${(error as Error).message}`);
  }
  const raw = (json as { channels?: unknown } | null)?.channels ?? [];
  if (!Array.isArray(raw)) throw new AppError(400, ALERT_CHANNEL_INVALID, `${file}: "channels" must be a list`);
  const specs = raw.map((c) => parseChannel(c, undefined, null, service));
  const ids = new Set<string>();
  for (const spec of specs) {
    if (ids.has(spec.id))
      throw new AppError(400, ALERT_CHANNEL_INVALID, `${file}: channel "${spec.id}" is defined twice`);
    ids.add(spec.id);
  }
  return specs;
}

/**
 * Validates one definition: the id defaults to `idHint`; a webhook without a secret keeps
 * `previous`'s, and a new webhook must have one; a URL at this service is refused.
 */
export function parseChannel(
  raw: unknown,
  idHint: string | undefined,
  previous: ChannelSpec | null,
  service: ServiceAddress,
): ChannelSpec {
  const named =
    idHint !== undefined && typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !('id' in raw)
      ? { ...raw, id: idHint }
      : raw;
  const def = parseOrThrow(ChannelDefinitionSchema, named, {
    place: 'field',
    code: ALERT_CHANNEL_INVALID,
    whole: 'channel',
  });
  const id = def.id ?? idHint;
  if (id === undefined) throw invalid('id', 'field "id" is required');
  if (def.type === 'email') return { ...def, id };
  if (pointsAtService(new URL(def.url), service))
    throw invalid('url', `field "url" points at this service (${def.url}): a webhook must call another one`);
  const secret = def.secret ?? (previous?.type === 'webhook' ? previous.secret : undefined);
  if (secret === undefined) throw invalid('secret', 'field "secret" is required for a new webhook (16-200 characters)');
  return { ...def, id, secret };
}

function invalid(field: string, message: string): AppError {
  return new AppError(400, ALERT_CHANNEL_INVALID, message, { field });
}

interface Entry {
  readonly spec: ChannelSpec;
  readonly source: 'file' | 'api';
  readonly channel: AlertChannel;
}

export class ChannelCatalog implements ChannelDirectory {
  private readonly entries = new Map<string, Entry>();

  private constructor(
    private readonly deps: {
      store: ChannelStore;
      now: () => number;
      dashboard: AlertChannel;
      build: (spec: ChannelSpec) => AlertChannel;
      service: ServiceAddress;
    },
  ) {}

  /** The file's channels, then the API's (a stored one that the file now defines gives way). */
  static async load(deps: {
    store: ChannelStore;
    now: () => number;
    dashboard: AlertChannel;
    build: (spec: ChannelSpec) => AlertChannel;
    service: ServiceAddress;
    fileChannels: readonly ChannelSpec[];
  }): Promise<ChannelCatalog> {
    const catalog = new ChannelCatalog(deps);
    for (const spec of deps.fileChannels) catalog.set(spec, 'file');
    for (const record of await deps.store.list()) {
      if (record.deleted || catalog.entries.has(record.id)) continue;
      catalog.set(parseChannel(JSON.parse(record.json), record.id, null, deps.service), 'api');
    }
    return catalog;
  }

  list(): readonly AlertChannel[] {
    return [this.deps.dashboard, ...[...this.entries.values()].map((e) => e.channel)];
  }

  get(id: string): AlertChannel | null {
    return id === this.deps.dashboard.id ? this.deps.dashboard : (this.entries.get(id)?.channel ?? null);
  }

  /** Defined channels (not the dashboard) as answers show them, by id. */
  views(): AlertChannelView[] {
    return [...this.entries.values()].sort((a, b) => (a.spec.id < b.spec.id ? -1 : 1)).map(viewOf);
  }

  view(id: string): AlertChannelView {
    return viewOf(this.entry(id));
  }

  /** A defined channel (not the dashboard); 404 otherwise. */
  channel(id: string): AlertChannel {
    return this.entry(id).channel;
  }

  async put(raw: unknown, id: string): Promise<{ view: AlertChannelView; created: boolean }> {
    const existing = this.entries.get(id);
    if (existing?.source === 'file') throw readOnly(id);
    const spec = parseChannel(raw, id, existing?.spec ?? null, this.deps.service);
    if (spec.id !== id)
      throw new AppError(400, 'ALERT_CHANNEL_ID_MISMATCH', `the body names "${spec.id}" but the URL names "${id}"`, {
        field: 'id',
      });
    await this.deps.store.put({ id, json: JSON.stringify(spec), deleted: false, updatedAt: this.deps.now() });
    return { view: viewOf(this.set(spec, 'api')), created: existing === undefined };
  }

  async delete(id: string): Promise<void> {
    const existing = this.entry(id);
    if (existing.source === 'file') throw readOnly(id);
    await this.deps.store.put({ id, json: JSON.stringify(existing.spec), deleted: true, updatedAt: this.deps.now() });
    this.entries.delete(id);
  }

  private set(spec: ChannelSpec, source: 'file' | 'api'): Entry {
    const entry: Entry = { spec, source, channel: this.deps.build(spec) };
    this.entries.set(spec.id, entry);
    return entry;
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw notFound(`alert channel "${id}"`);
    return entry;
  }
}

function viewOf({ spec, source }: Entry): AlertChannelView {
  if (spec.type === 'email') return { ...spec, source };
  const { secret, ...rest } = spec;
  return { ...rest, source, secretSet: secret !== undefined };
}

function readOnly(id: string): AppError {
  return new AppError(
    409,
    'ALERT_CHANNEL_READ_ONLY',
    `alert channel "${id}" is defined in the alerts file; change it there`,
    {
      channel: id,
    },
  );
}
