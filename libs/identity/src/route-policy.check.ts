import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_POLICY } from './access.decorators';

/** Every controller route as `Controller.method`, with whether it declares an access policy. */
export function routePolicies(discovery: DiscoveryService, reflector: Reflector): { route: string; declared: boolean }[] {
  const scanner = new MetadataScanner();
  const routes: { route: string; declared: boolean }[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as () => unknown;
      if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const declared = reflector.getAllAndOverride(ACCESS_POLICY, [handler, instance.constructor]) !== undefined;
      routes.push({ route: `${wrapper.name}.${name}`, declared });
    }
  }
  return routes;
}

/**
 * Refuses to start an API with a route that says nothing about who may call
 * it; the guard would refuse such a route anyway, this makes the mistake loud.
 */
@Injectable()
export class RoutePolicyCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = routePolicies(this.discovery, this.reflector).filter((r) => !r.declared);
    if (undeclared.length > 0) {
      throw new Error(`routes without an access policy (@Public, @DeviceOnly or @Roles): ${undeclared.map((r) => r.route).join(', ')}`);
    }
  }
}
