// deploy/'s Grafana dashboard and Prometheus alerts checked as CI checks them
// (scripts/check-observability.mjs), against the /metrics of a running API and
// worker rather than a list of names: a metric renamed in the code fails here.
import type { INestApplicationContext } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MetricsServer } from '@killswitch/ops';
import { TestApi, startTestApi } from './support/api-harness';
import { REPO_ROOT } from './support/processes';
import { startTestWorker } from './support/worker-harness';

const SCRIPT = path.join(REPO_ROOT, 'scripts/check-observability.mjs');
const checkObservability = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

describe('scripts/check-observability.mjs', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let dir: string;
  let scraped: string[];

  beforeAll(async () => {
    const env = { KILLSWITCH_QUEUE_PREFIX: `${process.env.KILLSWITCH_QUEUE_PREFIX}-observability` };
    api = await startTestApi(env);
    const apiUrl = await api.listen();
    worker = await startTestWorker(env);
    dir = mkdtempSync(path.join(tmpdir(), 'killswitch-observability-'));
    const answers = [`${apiUrl}/metrics`, `http://127.0.0.1:${worker.get(MetricsServer).port}/metrics`];
    scraped = [];
    for (const [index, url] of answers.entries()) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      const file = path.join(dir, `${index === 0 ? 'api' : 'worker'}.txt`);
      writeFileSync(file, await response.text());
      scraped.push(file);
    }
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds every metric the dashboard and the alerts name in the running API's and worker's /metrics", () => {
    const run = checkObservability('--metrics', ...scraped);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/deploy\/grafana\/killswitch.json and deploy\/prometheus\/alerts.yml name \d+ metrics, all in the \/metrics answers/);
  });

  it('agrees without a running system, from the metrics the code declares (how CI runs it)', () => {
    const run = checkObservability();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('names a metric no process serves, and an alert nobody would be paged for', () => {
    const dashboard = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deploy/grafana/killswitch.json'), 'utf8'));
    dashboard.panels[1].targets[0].expr = 'max(killswitch_kill_switches_enforced)';
    const dashboardFile = path.join(dir, 'dashboard.json');
    writeFileSync(dashboardFile, JSON.stringify(dashboard));
    const alertsFile = path.join(dir, 'alerts.yml');
    writeFileSync(
      alertsFile,
      [
        'groups:',
        '  - name: broken',
        '    rules:',
        '      - alert: Lagging',
        '        expr: max(killswitch_outbox_lag_second) > 60',
        '        for: soon',
        '',
      ].join('\n'),
    );

    const run = checkObservability('--metrics', ...scraped, '--dashboard', dashboardFile, '--alerts', alertsFile);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'observability: alerts: Lagging has for: soon, not a duration',
      'observability: alerts: Lagging needs labels.severity, one of page, ticket',
      'observability: alerts: Lagging needs annotations.summary and description',
      `observability: dashboard panel "${dashboard.panels[1].title}": no metric killswitch_kill_switches_enforced (in max(killswitch_kill_switches_enforced))`,
      'observability: alert Lagging: no metric killswitch_outbox_lag_second (in max(killswitch_outbox_lag_second) > 60)',
    ]);
  });

  it('refuses files that do not parse', () => {
    const dashboardFile = path.join(dir, 'not-json.json');
    writeFileSync(dashboardFile, '{ "title": ');
    const alertsFile = path.join(dir, 'not-yaml.yml');
    writeFileSync(alertsFile, 'groups: [unclosed\n');
    const run = checkObservability('--metrics', ...scraped, '--dashboard', dashboardFile, '--alerts', alertsFile);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('observability: dashboard: not JSON');
    expect(run.stderr).toContain('observability: alerts: not YAML');
  });
});
