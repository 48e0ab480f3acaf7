// Types of scripts/demo-keys.mjs, for the TypeScript test that drives it (test/demo-keys.spec.ts).
export function demoQueuePrefix(): string;
export function deleteDemoKeys(redisUrl: string, prefix: string): Promise<void>;
