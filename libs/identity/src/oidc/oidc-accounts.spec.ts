import { Role } from '@killswitch/db';
import { accountLabel, mappedRoles } from './oidc-accounts';

describe(mappedRoles.name, () => {
  const map = { 'ks-admins': ['admin'], oncall: ['responder', 'approver'], audit: ['auditor', 'approver'] };

  it('unites the roles of every mapped group, once each, ignoring groups the map does not name', () => {
    expect(mappedRoles({ groups: ['audit', 'oncall', 'marketing'] }, 'groups', map)).toEqual([Role.responder, Role.approver, Role.auditor]);
  });

  it('reads a single group given as a string, from the configured claim', () => {
    expect(mappedRoles({ roles: 'ks-admins' }, 'roles', map)).toEqual([Role.admin]);
  });

  it('gives no role when the claim is missing or holds no strings', () => {
    expect(mappedRoles({}, 'groups', map)).toBeUndefined(); // no claim: nothing said of the roles
    expect(mappedRoles({ groups: [] }, 'groups', map)).toEqual([]);
    expect(mappedRoles({ groups: [42, null] }, 'groups', map)).toEqual([]);
  });
});

describe(accountLabel.name, () => {
  const identity = (claims: Record<string, unknown>) => ({ issuer: 'https://idp.example.com', subject: 'u-42', claims: { sub: 'u-42', ...claims } });
  const bySubject = 'oidc:https://idp.example.com#u-42';
  const ignore = { trustWithoutVerified: false };
  const trust = { trustWithoutVerified: true };

  it('is the email, trimmed and in lower case, when the provider says it is verified', () => {
    expect(accountLabel(identity({ email: ' Ada@Example.com ', email_verified: true }), ignore)).toBe('ada@example.com');
    // Amazon Cognito's userinfo sends the boolean as a string.
    expect(accountLabel(identity({ email: 'ada@example.com', email_verified: 'true' }), ignore)).toBe('ada@example.com');
  });

  it('is the subject at the issuer when the email is unverified, whatever the policy', () => {
    expect(accountLabel(identity({ email: 'admin@example.com', email_verified: false }), ignore)).toBe(bySubject);
    expect(accountLabel(identity({ email: 'admin@example.com', email_verified: false }), trust)).toBe(bySubject);
    expect(accountLabel(identity({ email: 'admin@example.com', email_verified: 'false' }), trust)).toBe(bySubject);
  });

  it('takes an email sent without email_verified only when told to trust it', () => {
    expect(accountLabel(identity({ email: 'ada@example.com' }), ignore)).toBe(bySubject);
    expect(accountLabel(identity({ email: 'ada@example.com' }), trust)).toBe('ada@example.com');
  });

  it('never takes preferred_username, nor an empty or non-string email', () => {
    expect(accountLabel(identity({ preferred_username: 'admin@example.com' }), trust)).toBe(bySubject);
    expect(accountLabel(identity({ email: '  ', email_verified: true }), ignore)).toBe(bySubject);
    expect(accountLabel(identity({ email: ['ada@example.com'], email_verified: true }), ignore)).toBe(bySubject);
  });
});
