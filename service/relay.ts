/**
 * A fan-out point that exists before its listeners: a part built early (the ingestor) emits from
 * the start, and what listens (the live channel, the re-fit, metrics) connects once it exists.
 */
export class Relay<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  readonly emit = (...args: Args): void => {
    for (const listener of this.listeners) listener(...args);
  };

  connect(listener: (...args: Args) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
