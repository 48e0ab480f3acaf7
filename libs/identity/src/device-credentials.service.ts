import { Injectable } from '@nestjs/common';
import { Tx, notifyChange } from '@killswitch/db';
import { newSecret } from './secrets';

/** Device credentials: issued at enrollment, rotated on demand, one live credential a device. */
@Injectable()
export class DeviceCredentialsService {
  /** Revokes whatever the device held and issues a new credential, inside the caller's transaction. */
  async issue(tx: Tx, deviceId: string): Promise<{ credentialId: string; credential: string }> {
    await tx.deviceCredential.updateMany({ where: { deviceId, revokedAt: null }, data: { revokedAt: new Date() } });
    const { token, hash } = newSecret('device');
    const row = await tx.deviceCredential.create({ data: { deviceId, hash } });
    await notifyChange(tx, { kind: 'device', deviceId });
    return { credentialId: row.id, credential: token };
  }

  async revokeAll(tx: Tx, deviceId: string): Promise<void> {
    await tx.deviceCredential.updateMany({ where: { deviceId, revokedAt: null }, data: { revokedAt: new Date() } });
    await notifyChange(tx, { kind: 'device', deviceId });
  }
}
