import { createHash, randomUUID } from 'node:crypto';
import { CredentialStore } from './credential-store';

const digest = (token: string) => createHash('sha256').update(token).digest();
const uuid = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** What the store answers for a token: its device and credential, or undefined. */
function lookup(store: CredentialStore, token: string) {
  const slot = store.find(digest(token));
  return slot < 0 ? undefined : { deviceId: store.deviceIdAt(slot), credentialId: store.credentialIdAt(slot) };
}

describe(CredentialStore.name, () => {
  it('finds each credential it holds, by digest, with its device and credential id', () => {
    const store = new CredentialStore(100_000, 4);
    for (let i = 0; i < 5_000; i++) store.set(digest(`t${i}`), `device-${i}`, uuid(i));
    expect(store.size).toBe(5_000);
    for (let i = 0; i < 5_000; i++) expect(lookup(store, `t${i}`)).toEqual({ deviceId: `device-${i}`, credentialId: uuid(i) });
    expect(lookup(store, 'never-stored')).toBeUndefined();
  });

  it('keeps a device’s old and new credential after a rotation, and drops both with the device', () => {
    const store = new CredentialStore(100);
    store.set(digest('old'), 'device-1', uuid(1));
    store.set(digest('other'), 'device-2', uuid(2));
    store.set(digest('new'), 'device-1', uuid(3));
    expect(lookup(store, 'old')).toEqual({ deviceId: 'device-1', credentialId: uuid(1) });
    expect(lookup(store, 'new')).toEqual({ deviceId: 'device-1', credentialId: uuid(3) });
    store.deleteDevice('device-1');
    expect(lookup(store, 'old')).toBeUndefined();
    expect(lookup(store, 'new')).toBeUndefined();
    expect(lookup(store, 'other')).toEqual({ deviceId: 'device-2', credentialId: uuid(2) });
    expect(store.size).toBe(1);
  });

  it('overwrites a digest it holds, for the same device or another', () => {
    const store = new CredentialStore(100);
    store.set(digest('t'), 'device-1', uuid(1));
    store.set(digest('t'), 'device-1', uuid(2));
    expect(lookup(store, 't')).toEqual({ deviceId: 'device-1', credentialId: uuid(2) });
    store.set(digest('t'), 'device-2', uuid(3));
    expect(lookup(store, 't')).toEqual({ deviceId: 'device-2', credentialId: uuid(3) });
    expect(store.size).toBe(1);
    // device-1 no longer owns it: dropping device-1 leaves it.
    store.deleteDevice('device-1');
    expect(lookup(store, 't')).toEqual({ deviceId: 'device-2', credentialId: uuid(3) });
  });

  it('past its limit evicts the oldest device with all its credentials, and reuses the freed slots', () => {
    const store = new CredentialStore(3);
    store.set(digest('a1'), 'device-a', uuid(1));
    store.set(digest('b1'), 'device-b', uuid(2));
    store.set(digest('a2'), 'device-a', uuid(3));
    store.set(digest('c1'), 'device-c', uuid(4));
    expect(store.size).toBe(2);
    expect(lookup(store, 'a1')).toBeUndefined();
    expect(lookup(store, 'a2')).toBeUndefined();
    expect(lookup(store, 'b1')).toEqual({ deviceId: 'device-b', credentialId: uuid(2) });
    expect(lookup(store, 'c1')).toEqual({ deviceId: 'device-c', credentialId: uuid(4) });
    for (let i = 0; i < 50; i++) store.set(digest(`d${i}`), `device-d${i}`, uuid(100 + i));
    expect(store.size).toBe(3);
    for (let i = 0; i < 47; i++) expect(lookup(store, `d${i}`)).toBeUndefined();
    for (let i = 47; i < 50; i++) expect(lookup(store, `d${i}`)).toEqual({ deviceId: `device-d${i}`, credentialId: uuid(100 + i) });
  });

  it('at its limit evicts the oldest devices, each with all its credentials, until a sixteenth of the limit is free', () => {
    const store = new CredentialStore(32);
    for (let i = 0; i < 31; i++) store.set(digest(`e${i}`), `device-e${i}`, uuid(i));
    store.set(digest('e0-second'), 'device-e0', uuid(99)); // 32 credentials: device-e0 first in the eviction order
    store.set(digest('f'), 'device-f', uuid(100)); // device-e0 goes: 30 held, 2 free
    store.set(digest('g'), 'device-g', uuid(101));
    expect(store.size).toBe(32);
    expect([lookup(store, 'e0'), lookup(store, 'e0-second')]).toEqual([undefined, undefined]);
    store.set(digest('h'), 'device-h', uuid(102)); // device-e1 and device-e2 go
    expect(store.size).toBe(31);
    expect([lookup(store, 'e1'), lookup(store, 'e2')]).toEqual([undefined, undefined]);
    for (let i = 3; i < 31; i++) expect(lookup(store, `e${i}`)).toEqual({ deviceId: `device-e${i}`, credentialId: uuid(i) });
    expect(['f', 'g', 'h'].map((t) => lookup(store, t)?.deviceId)).toEqual(['device-f', 'device-g', 'device-h']);
  });

  it('stays consistent through many deletions in between (probe runs shift back, nothing is lost)', () => {
    const store = new CredentialStore(1_000_000, 8);
    const held = new Map<string, number>();
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let step = 0; step < 20_000; step++) {
      const device = Math.floor(random() * 2_000);
      if (random() < 0.3) {
        store.deleteDevice(`device-${device}`);
        for (const [token, owner] of held) if (owner === device) held.delete(token);
      } else {
        const token = `t${step}`;
        store.set(digest(token), `device-${device}`, uuid(step));
        held.set(token, device);
      }
    }
    expect(store.size).toBe(held.size);
    for (const [token, device] of held) expect(lookup(store, token)?.deviceId).toBe(`device-${device}`);
    for (let step = 0; step < 20_000; step++) if (!held.has(`t${step}`)) expect(lookup(store, `t${step}`)).toBeUndefined();
  });

  it('forgets everything on clear and takes credentials again after', () => {
    const store = new CredentialStore(10);
    store.set(digest('t'), 'device-1', uuid(1));
    store.clear();
    expect(store.size).toBe(0);
    expect(lookup(store, 't')).toBeUndefined();
    store.set(digest('t'), 'device-1', uuid(1));
    expect(lookup(store, 't')).toEqual({ deviceId: 'device-1', credentialId: uuid(1) });
  });
  it('keeps any uuid’s 16 bytes, in either case, and refuses other text, keeping nothing of it', () => {
    const store = new CredentialStore(100);
    const ids = Array.from({ length: 50 }, () => randomUUID());
    ids.forEach((id, i) => store.set(digest(`u${i}`), `device-${i}`, i % 2 ? id.toUpperCase() : id));
    ids.forEach((id, i) => expect(lookup(store, `u${i}`)).toEqual({ deviceId: `device-${i}`, credentialId: id }));
    const held = store.size;
    for (const bad of ['', 'not-a-uuid', ids[0].slice(1), `${ids[0]}0`, `${ids[0].slice(0, -1)}g`, `${ids[0].slice(0, -1)} `]) {
      expect(() => store.set(digest('bad'), 'device-x', bad)).toThrow('a credential id must be a uuid');
    }
    expect(store.size).toBe(held);
    expect(lookup(store, 'bad')).toBeUndefined();
    expect(lookup(store, 'u0')).toEqual({ deviceId: 'device-0', credentialId: ids[0] });
  });
});
