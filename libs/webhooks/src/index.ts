export * from './webhook-events';
export * from './webhook-body';
export * from './webhook-retry';
export * from './url-guard';
export { newWebhookSecret, signWebhook } from './webhook-secret';
export * from './dto/webhook.dto';
export * from './webhooks.module';
export * from './webhooks-worker.module';
export * from './webhook-jobs';
