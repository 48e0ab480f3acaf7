import { AUDIT_ACTIONS, AuditAction } from './audit-action';
import type { AuditInput } from './audit-entry';

describe('AuditAction', () => {
  it('names each action once, as `thing.verb` in lower case', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z-]+(\.[a-z-]+)+$/);
  });

  it('refuses, at compile time, an action that is not in the list (npm run typecheck fails if it compiles)', () => {
    const written: AuditAction = 'kill-switch.create';
    // @ts-expect-error a misspelt action must not compile
    const misspelt: AuditInput = { actor: { type: 'system', label: 'system:test' }, action: 'kill-switch.craete' };
    expect(AUDIT_ACTIONS).toContain(written);
    expect(AUDIT_ACTIONS).not.toContain(misspelt.action);
  });
});
