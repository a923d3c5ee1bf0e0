/**
 * Token scopes. Each grants the ones below it: admin (reports, sending, tokens) ⊃ write (ingest,
 * /write) ⊃ read (API reads, the dashboard, the live channel).
 */
export type Scope = 'read' | 'write' | 'admin';

export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

export function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

export function grants(held: Scope, needed: Scope): boolean {
  return SCOPES.indexOf(held) >= SCOPES.indexOf(needed);
}
