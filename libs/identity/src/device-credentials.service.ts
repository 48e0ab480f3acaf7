import { Injectable } from '@nestjs/common';
import { DeviceChangeNotice, Tx, notifyChange } from '@killswitch/db';
import { newSecret } from './secrets';

/** Device credentials: issued at enrollment, rotated on demand, one live credential a device. */
@Injectable()
export class DeviceCredentialsService {
  /**
   * Revokes whatever the device held and issues a new credential, inside the caller's transaction.
   * The notice it sends ends, on every instance, the streams and cached principals of the old one;
   * the caller applies it locally (ChangeListener.publishLocal) after the commit.
   */
  async issue(tx: Tx, deviceId: string): Promise<{ credentialId: string; credential: string; notice: DeviceChangeNotice }> {
    await tx.deviceCredential.updateMany({ where: { deviceId, revokedAt: null }, data: { revokedAt: new Date() } });
    const { token, hash } = newSecret('device');
    const row = await tx.deviceCredential.create({ data: { deviceId, hash } });
    const notice: DeviceChangeNotice = { kind: 'device', deviceId, liveCredentialId: row.id };
    await notifyChange(tx, notice);
    return { credentialId: row.id, credential: token, notice };
  }

  async revokeAll(tx: Tx, deviceId: string): Promise<DeviceChangeNotice> {
    await tx.deviceCredential.updateMany({ where: { deviceId, revokedAt: null }, data: { revokedAt: new Date() } });
    const notice: DeviceChangeNotice = { kind: 'device', deviceId, liveCredentialId: null };
    await notifyChange(tx, notice);
    return notice;
  }
}
