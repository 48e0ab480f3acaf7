/** One alert, whichever way it came (Alertmanager or a generic signal), in the shape the intake works on. */
import { Severity, truncateCodePoints } from '@killswitch/db';
import { LabelsScope, scopeOfLabels, scopeOfObject, severityOf } from './alert-labels';
import { AlertmanagerAlertDto, AlertmanagerWebhookDto } from './dto/alertmanager.dto';
import { SignalDto } from './dto/signal.dto';

export const ALERTMANAGER_SOURCE = 'alertmanager';

export interface IncomingSignal {
  source: string;
  fingerprint: string;
  status: 'firing' | 'resolved';
  groupKey: string | null;
  alertname: string | null;
  summary: string;
  severity: Severity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorUrl: string | null;
  /** When the problem began, as the alert says (null: not said, or not believable). */
  startsAt: Date | null;
  target: LabelsScope;
}

/** Text that lands in titles and reasons: one line, at most `max` characters (code points, as the DTOs count them). */
export function oneLine(text: string, max: number): string {
  return truncateCodePoints(text.replace(/\p{Cc}+/gu, ' ').trim(), max, '…');
}

function startOf(raw: string): Date | null {
  const at = new Date(raw);
  // A firing alert's endsAt is 0001-01-01; a start before this project existed or in the future is not believed.
  return Number.isNaN(at.getTime()) || at.getUTCFullYear() < 2000 || at.getTime() > Date.now() ? null : at;
}

/** The longest label or annotation value stored, in characters: a longer one is cut, ending in an ellipsis. */
export const MAX_MAP_VALUE = 4096;

/** A label or annotation set as stored: every value cut to MAX_MAP_VALUE characters. */
function bounded(map: Readonly<Record<string, string>>): Record<string, string> {
  // fromEntries defines each name as its own property, `__proto__` too.
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, truncateCodePoints(value, MAX_MAP_VALUE, '…')]));
}

/** A link for people to follow: an http(s) URL, or nothing (never a javascript: or data: link in the UI). */
export function linkOf(raw: string): string | null {
  if (!URL.canParse(raw)) return null;
  const { protocol } = new URL(raw);
  return protocol === 'http:' || protocol === 'https:' ? raw : null;
}

export function fromAlertmanager(payload: AlertmanagerWebhookDto, alert: AlertmanagerAlertDto): IncomingSignal {
  const labels = bounded(alert.labels);
  const annotations = bounded(alert.annotations);
  const alertname = labels.alertname ?? null;
  // The summary is read from the whole annotation: oneLine cuts it to 1000 characters on its own.
  const summary = alert.annotations.summary ?? alert.annotations.description ?? alertname ?? `alert ${alert.fingerprint}`;
  return {
    source: ALERTMANAGER_SOURCE,
    fingerprint: alert.fingerprint,
    status: alert.status,
    groupKey: payload.groupKey,
    alertname,
    summary: oneLine(summary, 1000) || `alert ${alert.fingerprint}`,
    severity: severityOf(labels.severity),
    labels,
    annotations,
    generatorUrl: linkOf(alert.generatorURL),
    startsAt: startOf(alert.startsAt),
    // From the labels as sent: a long scope label is judged whole, never as its cut (scopeOfLabels bounds its messages).
    target: scopeOfLabels(alert.labels),
  };
}

export function fromGeneric(dto: SignalDto): IncomingSignal {
  return {
    source: dto.source,
    fingerprint: dto.fingerprint,
    status: dto.status ?? 'firing',
    groupKey: null,
    alertname: null,
    summary: oneLine(dto.summary, 1000),
    severity: dto.severity ?? Severity.SEV2,
    labels: {},
    annotations: {},
    generatorUrl: null,
    startsAt: null,
    target: scopeOfObject(dto.scope),
  };
}

/** How a kill's reason, a timeline entry or a title cites the alert. */
export function citation(signal: Pick<IncomingSignal, 'alertname' | 'source' | 'fingerprint' | 'summary'>): string {
  return `alert ${signal.alertname ?? signal.source} (${signal.source}, fingerprint ${signal.fingerprint}): ${oneLine(signal.summary, 500)}`;
}
