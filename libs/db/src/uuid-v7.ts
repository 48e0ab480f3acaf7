import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/** Random bytes drawn from a pool filled 4 KiB at a time (as crypto.randomUUID() does): one system call per 200 ids, not two an id. */
const pool = Buffer.alloc(4096);
let pooled = 0;
function randomBytes(n: number): Buffer {
  if (pooled < n) {
    randomFillSync(pool);
    pooled = pool.length;
  }
  pooled -= n;
  return Buffer.from(pool.subarray(pooled, pooled + n));
}

/**
 * A time-ordered UUID (RFC 9562 version 7), as Prisma's `@default(uuid(7))` makes, for rows written in raw SQL.
 * Ids made in one process are strictly increasing: within a millisecond, the 12 bits after the version count up
 * from a random start (and borrow the next millisecond when they run out), so keyset pages by id stay in order.
 */
export function uuidv7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = randomBytes(2).readUInt16BE() & 0x7ff;
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
