import type { TlsFacts } from '../probe/http/tls-facts.js';
import { closeDispatcher, createDispatcher, retireDispatcher, type DispatcherOptions } from '../probe/http/dispatcher.js';
import type { SharedConnections } from '../probe/probe.js';

interface Open {
  connections: SharedConnections;
  inUse: number;
  /** Ends the connections once no probe uses them (the origin is done, or idle too long). */
  retire(): Promise<void>;
  /** Ends the connections whatever is in flight (a stopped scan), requests given a short grace. */
  close(): Promise<void>;
}

/**
 * Connections per origin for a scan. The probes of one origin reuse its keep-alive
 * connections (a host with fifty endpoints is connected to a few times, not fifty); an
 * origin's connections are closed when its last target is done, and at most `maxIdle`
 * origins keep idle connections between probes (least recently used closed first), so a
 * scan of thousands of origins holds sockets and memory for a bounded few.
 */
export class OriginConnections {
  private readonly open = new Map<string, Open>();
  /** Origins open but unused, least recently used first (Map keeps insertion order). */
  private readonly idle = new Map<string, Open>();
  private readonly remaining = new Map<string, number>();

  constructor(
    private readonly options: DispatcherOptions,
    urls: readonly string[],
    private readonly maxIdle: number,
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
      open = { connections: { dispatcher, tls: () => tls }, inUse: 0, retire: () => retireDispatcher(dispatcher), close: () => closeDispatcher(dispatcher) };
      this.open.set(origin, open);
    }
    this.idle.delete(origin);
    open.inUse++;
    return open.connections;
  }

  /** One target of `url`'s origin is done (probed or not). */
  async release(url: string, acquired: boolean): Promise<void> {
    const origin = new URL(url).origin;
    const left = (this.remaining.get(origin) ?? 1) - 1;
    this.remaining.set(origin, left);
    const open = this.open.get(origin);
    if (open && acquired) open.inUse--;
    if (left === 0) this.remaining.delete(origin);
    if (!open || open.inUse > 0) return;
    if (left === 0) return this.retire(origin, open);
    this.idle.set(origin, open);
    if (this.idle.size > this.maxIdle) {
      const [oldest, stale] = this.idle.entries().next().value!;
      await this.retire(oldest, stale);
    }
  }

  /** Only ever for an origin no probe is using (`inUse` is 0). */
  private async retire(origin: string, open: Open): Promise<void> {
    this.open.delete(origin);
    this.idle.delete(origin);
    await open.retire();
  }

  /** Closes whatever is still open (a stopped scan leaves targets undone). */
  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    this.idle.clear();
    await Promise.all(all.map((open) => open.close()));
  }
}
