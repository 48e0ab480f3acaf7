// The poll benchmarks' settings (bench/run.mjs, bench/peers.mjs), from BENCH_* variables;
// each benchmark passes its own defaults where they differ.

export function pollSettings(defaults, env = process.env) {
  return {
    CONNECTIONS: Number(env.BENCH_CONNECTIONS ?? 100),
    DURATION: Number(env.BENCH_DURATION ?? defaults.duration),
    WARMUP: Number(env.BENCH_WARMUP ?? 2),
    ROUNDS: Number(env.BENCH_ROUNDS ?? defaults.rounds),
    QUIET_WAIT: Number(env.BENCH_QUIET_WAIT ?? defaults.quietWait),
    MAX_NOISE: Number(env.BENCH_MAX_NOISE ?? 0.25),
    RETRIES: Number(env.BENCH_RETRIES ?? defaults.retries),
    ONLY: env.BENCH_ONLY ? new RegExp(env.BENCH_ONLY, 'i') : undefined,
    API_DEVICES: Number(env.BENCH_API_DEVICES ?? 1000),
    DB_DEVICES: Number(env.BENCH_DB_DEVICES ?? 9000),
    PG_SERVER: env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432',
    REDIS_URL: env.BENCH_REDIS ?? 'redis://127.0.0.1:6379',
  };
}
