/**
 * The people of the story, created by the admin through the API as an admin
 * would: alice, the responder who opens the incident, kills and asks for the
 * lift, bob, the approver who makes the lift four-eyed, carol, a second admin
 * who writes the auto-kill policy, and dave, a third admin who approves it
 * (four eyes: the first admin made carol's account, so may not). Each signs in and
 * acts with a session of their own (an API token may not approve a lift).
 */
import { randomBytes } from 'node:crypto';
import { ApiClient } from '@killswitch/api-client';

export type DemoRole = 'admin' | 'responder' | 'approver';

export interface DemoUser {
  name: string;
  email: string;
  password: string;
  roles: DemoRole[];
  api: ApiClient;
  token: string;
}

/** A password shown once at the end of the demo; the demo's database is its own, fresh each run. */
const newPassword = () => randomBytes(12).toString('base64url');

export async function signIn(url: string, name: string, email: string, password: string, roles: DemoRole[]): Promise<DemoUser> {
  const session = await new ApiClient(url).post<{ accessToken: string }>('/v1/auth/login', { email, password });
  return { name, email, password, roles, token: session.accessToken, api: new ApiClient(url, session.accessToken) };
}

async function createUser(admin: DemoUser, name: string, roles: DemoRole[], domain: string): Promise<DemoUser> {
  const email = `${name}@${domain}`;
  const password = newPassword();
  await admin.api.post('/v1/users', { email, password, roles });
  return signIn(admin.api.baseUrl, name, email, password, roles);
}

/**
 * alice also holds the approver role, as an on-call lead might: so her attempt
 * to approve her own lift request is refused by the four-eyes rule itself,
 * not for want of a role.
 */
export async function createPeople(admin: DemoUser, domain: string): Promise<{ alice: DemoUser; bob: DemoUser; carol: DemoUser; dave: DemoUser }> {
  const alice = await createUser(admin, 'alice', ['responder', 'approver'], domain);
  const bob = await createUser(admin, 'bob', ['approver'], domain);
  const carol = await createUser(admin, 'carol', ['admin'], domain);
  const dave = await createUser(admin, 'dave', ['admin'], domain);
  return { alice, bob, carol, dave };
}
