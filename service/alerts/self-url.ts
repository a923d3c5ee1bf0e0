/**
 * Whether a URL points at this service: a webhook must not call the service that sends it (a loop,
 * or a way to reach its admin API from inside). Loopback, the unspecified address, the configured
 * host and this machine's interface addresses count as here when the port is the service's.
 * Names that only DNS would map to this machine are not recognised.
 */
import os from 'node:os';

export interface ServiceAddress {
  /** The configured listening host (`127.0.0.1`, `0.0.0.0`, a name). */
  readonly host: string;
  /** The port it listens on; null while unknown (port 0 before listening): then nothing is refused, and delivery checks again. */
  readonly port: () => number | null;
}

export function pointsAtService(url: URL, service: ServiceAddress): boolean {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const listening = service.port();
  if (listening === null || port !== listening) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return localNames(service.host).has(host) || /^127\./.test(host) || host.endsWith('.localhost');
}

function localNames(configuredHost: string): Set<string> {
  const names = new Set([
    'localhost',
    '::1',
    '0.0.0.0',
    '::',
    os.hostname().toLowerCase(),
    configuredHost.toLowerCase(),
  ]);
  for (const addresses of Object.values(os.networkInterfaces()))
    for (const a of addresses ?? []) names.add(a.address.toLowerCase());
  return names;
}
