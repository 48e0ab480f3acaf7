import { databaseClient, expectLocksInIdOrder, insertDevices } from '../../../test/support/lock-order';
import { RECORD_SIGHTINGS } from './device-sightings';

/** Device sightings lock the devices' rows in id order, as the ack batches do. */
describe('RECORD_SIGHTINGS', () => {
  const client = databaseClient();

  it('locks the devices in id order, under its custom and its generic plan', async () => {
    const db = client();
    const ids = await insertDevices(db, 20);
    const seenAt = Date.now();
    await expectLocksInIdOrder(
      db,
      ids,
      (batch) => db.query({ name: RECORD_SIGHTINGS.name, text: RECORD_SIGHTINGS.text, values: [`{${batch.join(',')}}`, batch.map(() => seenAt)] }),
      () => db.query('UPDATE devices SET "lastSeenAt" = NULL WHERE id = ANY($1::uuid[])', [ids]),
    );
    const seen = await db.query<{ n: string }>('SELECT count(*) AS n FROM devices WHERE id = ANY($1::uuid[]) AND "lastSeenAt" = to_timestamp($2 / 1000.0)', [
      ids,
      seenAt,
    ]);
    expect(Number(seen.rows[0].n)).toBe(ids.length);
  });
});
