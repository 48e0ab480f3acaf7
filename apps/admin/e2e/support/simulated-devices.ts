/**
 * Simulated fleet devices for the end-to-end tests: each holds its event
 * stream open (GET /v1/device/events, server-sent events) and acknowledges
 * the revisions it is pushed (POST /v1/device/acks). Acks can be held back
 * and then released spread over time, so a test sees the progress move.
 */
export interface DeviceCredential {
  id: string;
  credential: string;
}

export class SimulatedDevice {
  readonly acked: number[] = [];
  private readonly controller = new AbortController();
  private readonly held: number[] = [];
  private holding = true;
  private done?: Promise<void>;
  private streamState = 'open';

  constructor(
    private readonly baseUrl: string,
    readonly device: DeviceCredential,
  ) {}

  /** Resolves once the stream is open. */
  async connect(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/v1/device/events`, {
      headers: { authorization: `Bearer ${this.device.credential}` },
      signal: this.controller.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`device ${this.device.id}: stream refused (${response.status})`);
    this.done = this.read(response.body.getReader());
  }

  /** Acknowledge what was held back, after `delayMs`, and everything after that at once. */
  release(delayMs: number): void {
    setTimeout(() => {
      this.holding = false;
      for (const rev of this.held.splice(0)) void this.ack(rev);
    }, delayMs);
  }

  /** The revisions pushed and not acknowledged yet. */
  get pending(): readonly number[] {
    return this.held;
  }

  /** Its stream's state, the revisions it holds and those it acknowledged. */
  describe(): string {
    return `${this.device.id.slice(0, 8)} stream ${this.streamState}, held [${this.held.join(',')}], acked [${this.acked.join(',')}]`;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          this.streamState = 'ended by the server';
          return;
        }
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          if (!/^event: flags$/m.test(block) || !id) continue;
          if (this.holding) this.held.push(Number(id));
          else void this.ack(Number(id));
        }
      }
    } catch (error) {
      // closed by stop(), or failed
      this.streamState = `failed: ${(error as Error).message}`;
    }
  }

  /** "Verified and applied": the revision this device now runs with. */
  private async ack(rev: number): Promise<void> {
    if (this.controller.signal.aborted) return;
    const response = await fetch(`${this.baseUrl}/v1/device/acks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.device.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rev }),
    }).catch(() => undefined);
    if (response?.ok) this.acked.push(rev);
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}

export class SimulatedFleet {
  private constructor(readonly devices: SimulatedDevice[]) {}

  /** Every device connected, holding its acks until release(). */
  static async connect(baseUrl: string, devices: DeviceCredential[]): Promise<SimulatedFleet> {
    const fleet = new SimulatedFleet(devices.map((device) => new SimulatedDevice(baseUrl, device)));
    await Promise.all(fleet.devices.map((d) => d.connect()));
    return fleet;
  }

  /** The devices start acknowledging, one after another over `spreadMs`; from then on each acks as it is told. */
  release(spreadMs: number): void {
    this.devices.forEach((d, i) => d.release(Math.round((spreadMs * i) / Math.max(this.devices.length - 1, 1))));
  }

  /** Devices that were pushed `rev` (or later) and hold it unacknowledged. */
  holding(rev: number): number {
    return this.devices.filter((d) => d.pending.some((r) => r >= rev)).length;
  }

  /** Each device's stream, pushed revisions held and acknowledged: what a failed expectation names. */
  describe(): string {
    return this.devices.map((d) => d.describe()).join('; ');
  }

  stop(): Promise<void[]> {
    return Promise.all(this.devices.map((d) => d.stop()));
  }
}
