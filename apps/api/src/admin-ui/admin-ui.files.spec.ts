import { resolveAdminUiPath } from './admin-ui.files';

describe(resolveAdminUiPath.name, () => {
  const files = new Set(['index.html', 'favicon.svg', 'assets/index-abc123.js', '.env']);
  const resolve = (rest: string) => resolveAdminUiPath(rest, (file) => files.has(file));

  it('serves hashed assets as assets and other built files as files', () => {
    expect(resolve('assets/index-abc123.js')).toEqual({ kind: 'asset', file: 'assets/index-abc123.js' });
    expect(resolve('favicon.svg')).toEqual({ kind: 'file', file: 'favicon.svg' });
  });

  it('answers client routes with the app', () => {
    for (const route of ['', '/', 'index.html', 'incidents', 'incidents/0193a1b2-0000-7000-8000-000000000000', 'lift-requests']) {
      expect({ route, target: resolve(route) }).toEqual({ route, target: { kind: 'app' } });
    }
  });

  it('404s a missing file instead of answering it with the app', () => {
    expect(resolve('assets/index-old.js')).toEqual({ kind: 'missing' });
    expect(resolve('assets/chunk')).toEqual({ kind: 'missing' });
    expect(resolve('robots.txt')).toEqual({ kind: 'missing' });
  });

  it('never serves dotfiles or paths that climb out', () => {
    expect(resolve('.env')).toEqual({ kind: 'missing' });
    expect(resolve('../package.json')).toEqual({ kind: 'missing' });
    expect(resolve('assets/../../package.json')).toEqual({ kind: 'missing' });
    expect(resolve('a\\b')).toEqual({ kind: 'app' });
  });
});
