/** Before the report arrives: the catalogue, the people and the fleet, all made by the admin through the API. */
import { DEMO_VENDORS, MIJIA_CAMERA, VULNERABLE_FIRMWARE } from './demo-catalogue';
import { DemoFleet, cameraOf, connectFleet, enrollDemoFleet } from './demo-fleet';
import { DemoUser, createPeople, signIn } from './demo-people';
import { onVulnerableFirmware } from './firmware-rollout';
import type { Narrator } from './narrator';

export interface DemoCast {
  admin: DemoUser;
  alice: DemoUser;
  bob: DemoUser;
  /** A second admin: writes the auto-kill policy the first admin approves. */
  carol: DemoUser;
  dave: DemoUser;
  fleet: DemoFleet;
}

export interface SetupOptions {
  url: string;
  admin: { email: string; password: string };
  devices: number;
  seed: number;
  userDomain: string;
  signal: AbortSignal;
}

async function createCatalogue(admin: DemoUser): Promise<void> {
  for (const vendor of DEMO_VENDORS) {
    await admin.api.post('/v1/vendors', { slug: vendor.slug, name: vendor.name });
    await admin.api.post(`/v1/vendors/${vendor.slug}/models`, vendor.model);
    await admin.api.post('/v1/integrations', { key: vendor.integration.key, vendor: vendor.slug, name: vendor.integration.name });
  }
}

export async function setUp(options: SetupOptions, narrator: Narrator): Promise<DemoCast> {
  const admin = await signIn(options.url, 'admin', options.admin.email, options.admin.password, ['admin']);
  await createCatalogue(admin);
  narrator.line(`setup: vendors ${DEMO_VENDORS.map((v) => `${v.slug} (${v.model.slug}, ${v.integration.key})`).join(', ')}`);
  const { alice, bob, carol, dave } = await createPeople(admin, options.userDomain);
  const people = [alice, bob, carol, dave].map((p) => `${p.email} (${p.roles.join(', ')})`);
  narrator.line(`setup: ${admin.email} creates ${people.slice(0, -1).join(', ')} and ${people.at(-1)}`);

  const fleet = await enrollDemoFleet(admin, options.devices, options.seed, narrator);
  const vulnerable = fleet.cameras.filter(onVulnerableFirmware).length;
  const mijia = fleet.cameras.filter((d) => cameraOf(d)?.vendorModel === MIJIA_CAMERA).length;
  narrator.line(`setup: ${mijia} devices are linked to a Xiaomi Mijia camera (${MIJIA_CAMERA}), ${vulnerable} of them on firmware ${VULNERABLE_FIRMWARE}`);
  try {
    await connectFleet(fleet, narrator, options.signal);
  } catch (error) {
    await fleet.sim.stop();
    throw error;
  }
  return { admin, alice, bob, carol, dave, fleet };
}
