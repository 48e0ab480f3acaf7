import { main } from './cli';

describe('fleet-sim command line', () => {
  it('refuses bad options with exit code 2, and enrollment without a token with exit code 1', async () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => err.push(t), env: {} };
    expect(await main(['--mode', 'carrier-pigeon'], io)).toBe(2);
    expect(await main(['--jitter', '3'], io)).toBe(2);
    expect(await main(['--devices', '0'], io)).toBe(2);
    expect(await main(['--local-addresses', 'not-an-ip'], io)).toBe(2);
    expect(err.join('')).toMatch(/carrier-pigeon/);
    err.length = 0;
    expect(await main(['--url', 'http://127.0.0.1:9', '--devices', '1'], io)).toBe(1);
    expect(err.join('')).toMatch(/needs --token/);
  });

  it('takes the token from KILLSWITCH_TOKEN without ever printing it', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: { KILLSWITCH_TOKEN: 'ksa_secret-token' } };
    expect(await main(['--help'], io)).toBe(0);
    expect(out.join('')).toContain('--token <token>');
    // with the token from the environment it gets as far as the (unreachable) API
    expect(await main(['--url', 'http://127.0.0.1:9', '--devices', '1'], io)).toBe(1);
    expect(err.join('')).not.toMatch(/needs --token/);
    expect(out.join('') + err.join('')).not.toContain('ksa_secret-token');
  });
});
