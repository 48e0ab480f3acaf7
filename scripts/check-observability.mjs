#!/usr/bin/env node
// Checks what an operator installs from deploy/ before anyone relies on it at
// night: the Grafana dashboard (deploy/grafana/killswitch.json) and the
// Prometheus alerting rules (deploy/prometheus/alerts.yml) must parse, have
// the shape Grafana and Prometheus load, and name only metrics that exist.
//
//   node scripts/check-observability.mjs
//       the metrics the code declares (`name: 'killswitch_…'` in apps/ and
//       libs/) and prom-client's default process and Node.js metrics;
//   node scripts/check-observability.mjs --metrics api.txt worker.txt
//       the metrics in these /metrics answers, scraped from a running API and
//       worker (test/observability.int.spec.ts does that);
//   --dashboard FILE, --alerts FILE: check these files instead of deploy/'s.
//
// Series Prometheus makes itself (`up`, …) are allowed in alerts. Exit 1 and
// one line per problem; the YAML parser is js-yaml (a devDependency).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
export const DASHBOARD = path.join(root, 'deploy/grafana/killswitch.json');
export const ALERTS = path.join(root, 'deploy/prometheus/alerts.yml');
/** Series Prometheus writes itself for every target, never in a /metrics answer. */
const PROMETHEUS_OWN = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_series_added']);
const SEVERITIES = new Set(['page', 'ticket']);
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** The metric names a PromQL expression reads: strings, label matchers, ranges, groupings and functions left out. */
export function metricNames(expr) {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ');
  const names = new Set();
  for (const match of bare.matchAll(/(?<![\w.:])([a-zA-Z_:][\w:]*)(\s*\()?/g)) {
    if (match[2]) continue; // a function call
    if (PROMQL_WORDS.has(match[1].toLowerCase())) continue;
    names.add(match[1]);
  }
  return names;
}

/** Names in a Prometheus text exposition: every sample's, and every `# TYPE` family's. */
export function exposedNames(text) {
  const names = new Set();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) /.exec(line);
    if (type) names.add(type[1]);
    else if (!line.startsWith('#') && line.trim()) names.add(/^[a-zA-Z_:][\w:]*/.exec(line)?.[0]);
  }
  names.delete(undefined);
  return names;
}

/** What the code declares: its own metrics (histograms with their series) and prom-client's defaults. */
async function declaredNames() {
  const { Registry, collectDefaultMetrics } = require('prom-client');
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const names = exposedNames(await registry.metrics());
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'generated' ? [] : walk(file);
      return /\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [file] : [];
    });
  for (const file of [...walk(path.join(root, 'libs')), ...walk(path.join(root, 'apps'))]) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/new (Counter|Gauge|Histogram|Summary)\b[^]*?name:\s*'([a-z_:][\w:]*)'/g)) {
      names.add(match[2]);
      if (match[1] === 'Histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(match[2] + suffix);
      if (match[1] === 'Summary') for (const suffix of ['_sum', '_count']) names.add(match[2] + suffix);
    }
    for (const match of text.matchAll(/stateGauge(?:<[^>]*>)?\(\s*'([a-z_:][\w:]*)'/g)) names.add(match[1]);
  }
  return names;
}

/** Every `expr` in the dashboard, with where it is. */
function dashboardExpressions(dashboard, problem) {
  const found = [];
  if (typeof dashboard.title !== 'string' || !dashboard.title) problem('dashboard: no title');
  if (typeof dashboard.uid !== 'string' || !dashboard.uid) problem('dashboard: no uid');
  if (!Array.isArray(dashboard.panels) || dashboard.panels.length === 0) problem('dashboard: no panels');
  const ids = new Set();
  const visit = (panels) => {
    for (const panel of panels ?? []) {
      if (ids.has(panel.id)) problem(`dashboard: panel id ${panel.id} twice`);
      ids.add(panel.id);
      if (!panel.title) problem(`dashboard: panel ${panel.id} has no title`);
      if (panel.type !== 'row') {
        if (!Array.isArray(panel.targets) || panel.targets.length === 0) problem(`dashboard: panel "${panel.title}" has no query`);
        for (const target of panel.targets ?? []) {
          if (typeof target.expr !== 'string' || !target.expr.trim()) problem(`dashboard: panel "${panel.title}" has a query without expr`);
          else found.push({ where: `dashboard panel "${panel.title}"`, expr: target.expr });
        }
      }
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  return found;
}

/** Every alert's `expr`, after checking the rule file's shape. */
function alertExpressions(rules, problem) {
  const found = [];
  if (!Array.isArray(rules?.groups) || rules.groups.length === 0) problem('alerts: no groups');
  const names = new Set();
  for (const group of rules?.groups ?? []) {
    if (!group.name) problem('alerts: a group without a name');
    if (!Array.isArray(group.rules) || group.rules.length === 0) problem(`alerts: group ${group.name} has no rules`);
    for (const rule of group.rules ?? []) {
      const name = rule.alert ?? '(unnamed)';
      if (!rule.alert) problem(`alerts: a rule of group ${group.name} is not an alert`);
      if (names.has(name)) problem(`alerts: ${name} twice`);
      names.add(name);
      if (rule.for !== undefined && !/^(\d+(ms|s|m|h|d|w|y))+$/.test(String(rule.for))) problem(`alerts: ${name} has for: ${rule.for}, not a duration`);
      if (!SEVERITIES.has(rule.labels?.severity)) problem(`alerts: ${name} needs labels.severity, one of ${[...SEVERITIES].join(', ')}`);
      if (!rule.annotations?.summary || !rule.annotations?.description) problem(`alerts: ${name} needs annotations.summary and description`);
      if (typeof rule.expr !== 'string' || !rule.expr.trim()) problem(`alerts: ${name} has no expr`);
      else found.push({ where: `alert ${name}`, expr: rule.expr, alert: true });
    }
  }
  return found;
}

function balanced(expr) {
  const pairs = { ')': '(', ']': '[', '}': '{' };
  const stack = [];
  for (const char of expr.replace(/"(?:[^"\\]|\\.)*"/g, '')) {
    if ('([{'.includes(char)) stack.push(char);
    else if (pairs[char] && stack.pop() !== pairs[char]) return false;
  }
  return stack.length === 0;
}

/** The problems of deploy/: none when both files are sound and name only `known` metrics. */
export function check(known, { dashboardText = readFileSync(DASHBOARD, 'utf8'), alertsText = readFileSync(ALERTS, 'utf8') } = {}) {
  const problems = [];
  const problem = (message) => problems.push(message);
  const expressions = [];
  try {
    expressions.push(...dashboardExpressions(JSON.parse(dashboardText), problem));
  } catch (error) {
    problem(`dashboard: not JSON: ${error.message}`);
  }
  try {
    expressions.push(...alertExpressions(require('js-yaml').load(alertsText), problem));
  } catch (error) {
    problem(`alerts: not YAML: ${error.message}`);
  }
  const used = new Set();
  for (const { where, expr, alert } of expressions) {
    if (!balanced(expr)) problem(`${where}: unbalanced brackets in ${expr}`);
    for (const name of metricNames(expr)) {
      used.add(name);
      if (!known.has(name) && !(alert && PROMETHEUS_OWN.has(name))) problem(`${where}: no metric ${name} (in ${expr.trim()})`);
    }
  }
  return { problems, used };
}

/** `--dashboard FILE` and `--alerts FILE` (other files than deploy/'s: how the tests feed it broken ones), taken out of args. */
function fileOption(args, flag, fallback) {
  const at = args.indexOf(flag);
  if (at === -1) return fallback;
  const [, file] = args.splice(at, 2);
  if (!file) throw new Error(`${flag} needs a file`);
  return file;
}

async function main() {
  const args = process.argv.slice(2);
  const dashboardFile = fileOption(args, '--dashboard', DASHBOARD);
  const alertsFile = fileOption(args, '--alerts', ALERTS);
  let known;
  let source;
  if (args[0] === '--metrics') {
    if (args.length < 2) throw new Error('--metrics needs the files of one or more /metrics answers');
    known = new Set(args.slice(1).flatMap((file) => [...exposedNames(readFileSync(file, 'utf8'))]));
    source = `the /metrics answers in ${args.slice(1).join(', ')}`;
  } else {
    known = await declaredNames();
    source = 'the metrics declared in apps/ and libs/ and prom-client defaults';
  }
  const { problems, used } = check(known, { dashboardText: readFileSync(dashboardFile, 'utf8'), alertsText: readFileSync(alertsFile, 'utf8') });
  for (const message of problems) console.error(`observability: ${message}`);
  if (problems.length > 0) process.exit(1);
  const files = [dashboardFile, alertsFile].map((file) => path.relative(root, file)).join(' and ');
  console.log(`observability: ${files} name ${used.size} metrics, all in ${source}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`observability: ${error.message}`);
    process.exit(1);
  });
}
