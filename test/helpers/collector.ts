/**
 * Browser side of the local test endpoint (test/helpers/collector-plugin.mjs). Each
 * {@link Collector} owns a bucket on the server, so parallel test files never share events.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { waitUntil } from '@open-wc/testing';
import type { CloudEvent } from '../../src/transport/types.js';

/** One POST as the collector saw it. */
export interface ReceivedRequest {
  at: number;
  url: string;
  contentType: string | null;
  cookie: string | null;
  referer: string | null;
  origin: string | null;
  body: string;
  ids: Array<string | null>;
  /** The status the collector answered; -1 when it cut the connection after committing. */
  status: number;
}

/** What the collector received in one bucket. */
export interface CollectorState {
  requests: ReceivedRequest[];
  preflights: number;
  /** Connections cut while the bucket was down. */
  refused: number;
  /** Ids of the accepted events, first copies only, in arrival order. */
  ids: string[];
  events: CloudEvent[];
  /** Ids accepted again after their first copy (the dedupe absorbed them). */
  duplicates: string[];
  /** Events that failed the JSON Schema. */
  invalid: Array<{ id: string | null; errors: string[] }>;
  /** Most POSTs the collector was handling at the same time. */
  maxInflight: number;
  /** The server's clock (epoch ms). */
  now: number;
}

/** A fault for the next `times` POSTs (default 1). */
export interface Fault {
  status?: number;
  /** `Retry-After` header value (seconds or an HTTP-date). */
  retryAfter?: string;
  /** Answer this much later. */
  delayMs?: number;
  /** Commit the events, then cut the connection before answering. */
  lost?: boolean;
  times?: number;
}

/** One bucket on the local test endpoint: its URL, fault controls and what it received. */
export class Collector {
  private constructor(readonly bucket: string, readonly url: string, readonly localhostUrl: string) {}

  /** A fresh bucket on the test endpoint. */
  static async create(): Promise<Collector> {
    const r = await executeServerCommand<{ bucket: string; url: string; localhostUrl: string }, undefined>('collector:new');
    return new Collector(r.bucket, r.url, r.localhostUrl);
  }

  async fault(fault: Fault): Promise<void> {
    await executeServerCommand('collector:fault', { bucket: this.bucket, fault });
  }

  /** Cuts every connection to this bucket for `ms` (or until {@link up}). */
  async down(ms?: number): Promise<void> {
    await executeServerCommand('collector:down', { bucket: this.bucket, ms: ms ?? null });
  }

  async up(): Promise<void> {
    await executeServerCommand('collector:up', { bucket: this.bucket });
  }

  state(): Promise<CollectorState> {
    return executeServerCommand<CollectorState, { bucket: string }>('collector:state', { bucket: this.bucket });
  }

  /** Waits until every id has been accepted; resolves with the state then. */
  async waitFor(ids: string[], timeout = 8000): Promise<CollectorState> {
    let last: CollectorState | null = null;
    await waitUntil(async () => {
      last = await this.state();
      const got = new Set(last.ids);
      return ids.every((id) => got.has(id));
    }, `collector bucket ${this.bucket} did not receive ${ids.join(', ')}`, { timeout, interval: 50 });
    return last!;
  }
}
