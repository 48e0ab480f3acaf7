import type { FastifyInstance } from 'fastify';

/**
 * Lets a Nest route take a larger body than BODY_LIMIT_BYTES: `@RouteConfig({ bodyLimit })` on its handler. Nest hands
 * a route's config to Fastify, but not Fastify's own bodyLimit route option, so this hook copies it there; a route's
 * limit is never below the API's. Installed before the routes are registered (before app.init()).
 */
export function installRouteBodyLimits(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const wanted = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof wanted === 'number') route.bodyLimit = Math.max(wanted, route.bodyLimit ?? fastify.initialConfig.bodyLimit ?? 0);
  });
}
