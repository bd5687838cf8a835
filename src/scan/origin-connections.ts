import type { TlsFacts } from '../probe/http/tls-facts.js';
import { createDispatcher, type DispatcherOptions } from '../probe/http/dispatcher.js';
import { closeDispatcher, type SharedConnections } from '../probe/probe.js';

interface Open {
  connections: SharedConnections;
  close(): Promise<void>;
}

/**
 * Connections per origin for a scan: the probes of one origin reuse its keep-alive
 * connections (a host with fifty endpoints is connected to a few times, not fifty), and
 * the origin's connections are closed when its last target is done, so a scan of
 * thousands of origins holds sockets only for the origins being probed.
 */
export class OriginConnections {
  private readonly open = new Map<string, Open>();
  private readonly remaining = new Map<string, number>();

  constructor(
    private readonly options: DispatcherOptions,
    urls: readonly string[],
  ) {
    for (const url of urls) {
      const origin = new URL(url).origin;
      this.remaining.set(origin, (this.remaining.get(origin) ?? 0) + 1);
    }
  }

  /** The connections of `url`'s origin, opened on first use. */
  acquire(url: string): SharedConnections {
    const origin = new URL(url).origin;
    let open = this.open.get(origin);
    if (!open) {
      let tls: TlsFacts | null = null;
      const dispatcher = createDispatcher({ ...this.options, onTls: (facts) => (tls = facts) });
      open = { connections: { dispatcher, tls: () => tls }, close: () => closeDispatcher(dispatcher) };
      this.open.set(origin, open);
    }
    return open.connections;
  }

  /** One target of `url`'s origin is done; the last one closes the origin's connections. */
  async release(url: string): Promise<void> {
    const origin = new URL(url).origin;
    const left = (this.remaining.get(origin) ?? 1) - 1;
    this.remaining.set(origin, left);
    if (left > 0) return;
    this.remaining.delete(origin);
    const open = this.open.get(origin);
    this.open.delete(origin);
    await open?.close();
  }

  /** Closes whatever is still open (a stopped scan leaves targets undone). */
  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((open) => open.close()));
  }
}
