// The HTTP API's client, shared by the CLI, the demo and the fleet simulator:
// fetch with the API's errors turned into ApiError (and the exit code a command
// line gives each), keyset paging, the response views, and a revocation watch.
export * from './cli-error';
export * from './api-client';
export * from './paging';
export * from './views';
export * from './revocation-watch';
