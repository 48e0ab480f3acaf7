// Alertmanager's webhook (version 4) as Alertmanager 0.27 sends it, every field present: the one shape every test
// that posts to POST /v1/signals/alertmanager builds its notifications from.
import { randomBytes } from 'node:crypto';

type Labels = Record<string, string>;

/** One alert of a notification. */
export interface AlertmanagerAlert {
  status: 'firing' | 'resolved';
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface AlertOptions {
  status?: 'firing' | 'resolved';
  fingerprint?: string;
  summary?: string;
  /** The alert's name; CameraFeedLeak unless given. */
  alertname?: string;
}

/** A critical alert with `labels` added to its name, firing since a minute ago unless resolved. */
export function alertmanagerAlert(labels: Labels, options: AlertOptions = {}): AlertmanagerAlert {
  const status = options.status ?? 'firing';
  return {
    status,
    labels: { alertname: options.alertname ?? 'CameraFeedLeak', severity: 'critical', ...labels },
    annotations: { summary: options.summary ?? 'Mijia cameras show strangers\u2019 feeds', description: 'public report, SEC-123' },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : new Date().toISOString(),
    generatorURL: 'http://prometheus.local/graph?g0.expr=camera_leak',
    fingerprint: options.fingerprint ?? randomBytes(8).toString('hex'),
  };
}

/** The notification carrying `alerts`, in a group of its own unless `groupKey` names one. */
export function alertmanagerNotification(alerts: unknown[], groupKey = `{}:{g="${randomBytes(4).toString('hex')}"}`) {
  const first = alerts[0] as AlertmanagerAlert | undefined;
  const alertname = first?.labels?.alertname ?? 'CameraFeedLeak';
  return {
    receiver: 'killswitch',
    status: alerts.some((alert) => (alert as AlertmanagerAlert | undefined)?.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname },
    commonLabels: { alertname },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local:9093',
    version: '4',
    groupKey,
    truncatedAlerts: 0,
  };
}
