import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_POLICY, AccessPolicy } from '@killswitch/identity';
import type { FastifyInstance } from 'fastify';
import type { TestApi } from './api-harness';

export interface NestRoute {
  method: string;
  /** The path as the controller declares it (`/v1/users/:id`). */
  url: string;
  policy: AccessPolicy | undefined;
}

/** Every route Nest's controllers declare, read from their metadata: a route added later is found without a list to keep. */
export function nestRoutes(api: TestApi): NestRoute[] {
  const reflector = api.app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: NestRoute[] = [];
  for (const wrapper of api.app.get(DiscoveryService).getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, instance.constructor) ?? '');
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as () => unknown;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const url = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
      const policy = reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [handler, instance.constructor]);
      routes.push({ method: RequestMethod[method], url, policy });
    }
  }
  return routes;
}

/**
 * Every (method, path pattern) in Fastify's route table: Nest's, the plain
 * device routes, plugins. printRoutes is a tree, one node a line, indented
 * four columns a level; a node's full path is its ancestors' segments joined.
 */
export function fastifyRoutes(fastify: FastifyInstance): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const node = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?(?: \{.*\})?$/.exec(line);
    if (!node) continue;
    const depth = node[1].length / 4;
    stack.length = depth;
    stack.push(node[2]);
    for (const method of node[3]?.split(', ') ?? []) routes.push({ method, url: stack.join('') });
  }
  return routes;
}
