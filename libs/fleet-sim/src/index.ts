// Simulated devices in one process (poll, stream or both, verified like the
// device SDK), their enrollment and the report of when each revision reached
// them: the engine of apps/fleet-sim, the demo and the benchmarks.
export * from './fleet-sim';
export * from './enrollment';
export * from './device-mix';
export * from './report';
export * from './local-addresses';
