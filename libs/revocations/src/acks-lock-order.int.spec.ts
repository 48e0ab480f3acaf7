import { databaseClient, expectLocksInIdOrder, insertDevices } from '../../../test/support/lock-order';
import { RAISE_ACKED_REV } from './acks.service';

/** The acks' first statement locks the devices' rows in id order, as device sightings do. */
describe('RAISE_ACKED_REV', () => {
  const client = databaseClient();

  it('locks the devices in id order, under its custom and its generic plan', async () => {
    const db = client();
    const ids = await insertDevices(db, 20);
    await expectLocksInIdOrder(
      db,
      ids,
      // As AcksService sends it: a batch of acks of revision 0, which every revision reaches.
      (batch) => db.query({ name: RAISE_ACKED_REV.name, text: RAISE_ACKED_REV.text, values: [`{${batch.join(',')}}`, `{${batch.map(() => 0).join(',')}}`] }),
      () => db.query('UPDATE devices SET "ackedRev" = -1 WHERE id = ANY($1::uuid[])', [ids]),
    );
    const raised = await db.query<{ n: string }>('SELECT count(*) AS n FROM devices WHERE id = ANY($1::uuid[]) AND "ackedRev" = 0', [ids]);
    expect(Number(raised.rows[0].n)).toBe(ids.length);
  });
});
