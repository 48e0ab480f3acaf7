import { Role } from '@killswitch/db';
import { mappedRoles } from './oidc-accounts';

describe(mappedRoles.name, () => {
  const map = { 'ks-admins': ['admin'], oncall: ['responder', 'approver'], audit: ['auditor', 'approver'] };

  it('unites the roles of every mapped group, once each, ignoring groups the map does not name', () => {
    expect(mappedRoles({ groups: ['audit', 'oncall', 'marketing'] }, 'groups', map)).toEqual([Role.responder, Role.approver, Role.auditor]);
  });

  it('reads a single group given as a string, from the configured claim', () => {
    expect(mappedRoles({ roles: 'ks-admins' }, 'roles', map)).toEqual([Role.admin]);
  });

  it('gives no role when the claim is missing or holds no strings', () => {
    expect(mappedRoles({}, 'groups', map)).toEqual([]);
    expect(mappedRoles({ groups: [42, null] }, 'groups', map)).toEqual([]);
  });
});
