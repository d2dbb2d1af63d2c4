import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_RULE, AccessRule } from '@filiere/platform/auth';

export interface RegisteredRoute {
  /** `GET /cohorts/:id` (without the global `/api` prefix). */
  key: string;
  method: string;
  path: string;
  rule: AccessRule | undefined;
  /** Whether the handler reads a request body (`@Body()`, `@UploadedFile(s)()`). */
  takesBody: boolean;
}

/** Every route the app's controllers register, with its access rule (for tests that walk them all). */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RegisteredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || !wrapper.metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '').replace(/^\/|\/$/g, '');
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, wrapper.metatype, name) ?? {}) as Record<string, unknown>;
      const takesBody = Object.keys(args).some((k) => [RouteParamtypes.BODY, RouteParamtypes.FILE, RouteParamtypes.FILES].includes(Number(k.split(':')[0])));
      const full = `/${[base, path.replace(/^\/|\/$/g, '')].filter(Boolean).join('/')}`;
      routes.push({ key: `${RequestMethod[method]} ${full}`, method: RequestMethod[method], path: full, rule: reflector.getAllAndOverride<AccessRule>(ACCESS_RULE, [handler, wrapper.metatype]), takesBody });
    }
  }
  return routes;
}
