/** A state as a labelled badge; the colour only repeats what the text says. */
const TONE: Record<string, string> = {
  active: 'danger',
  'lift-requested': 'warning',
  lifting: 'warning',
  lifted: 'neutral',
  pending: 'warning',
  approved: 'info',
  completed: 'success',
  rejected: 'neutral',
  aborted: 'neutral',
  on: 'success',
  killed: 'danger',
  triage: 'danger',
  investigating: 'warning',
  mitigated: 'info',
  resolved: 'success',
  closed: 'neutral',
  ok: 'success',
  refused: 'danger',
  SEV1: 'danger',
  SEV2: 'warning',
  SEV3: 'info',
  SEV4: 'neutral',
  enabled: 'success',
  disabled: 'neutral',
  succeeded: 'success',
  failed: 'danger',
  open: 'warning',
  invalid: 'danger',
  confirmed: 'info',
  dismissed: 'neutral',
  'auto-killed': 'danger',
};

export function StateBadge({ state, label }: { state: string; label?: string }) {
  return <span className={`badge badge-${TONE[state] ?? 'neutral'}`}>{label ?? state}</span>;
}
