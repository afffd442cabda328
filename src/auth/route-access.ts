import { INestApplicationContext, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { Role } from './api-key';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';

/** One controller route and who may call it, as the guard will judge it. */
export interface RouteAccess {
  readonly method: string;
  /** Express-style path (`/api/history/:stream`). */
  readonly path: string;
  readonly controller: Type<unknown>;
  readonly handler: string;
  readonly isPublic: boolean;
  /** Empty when the route lists no role (the guard then refuses everyone but for a public route). */
  readonly roles: readonly Role[];
  /** The class of the handler's `@Query()` argument, if it takes the whole query string as a DTO. */
  readonly queryDto?: Type<unknown>;
}

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .flatMap((part) => (part ?? '').split('/'))
    .filter((segment) => segment !== '')
    .join('/');
  return `/${joined}`;
}

function queryDtoOf(controller: Type<unknown>, handler: string): Type<unknown> | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { index: number; data?: unknown }>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, handler) ?? []) as Type<unknown>[];
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) === RouteParamtypes.QUERY && arg.data === undefined) {
      const type = types[arg.index];
      if (type && type !== Object && type.prototype) return type;
    }
  }
  return undefined;
}

/** Every route of every controller in the application, with its access markers (`@Public`, `@Roles`). */
export function routeAccessOf(app: INestApplicationContext): RouteAccess[] {
  const reflector = new Reflector();
  const routes: RouteAccess[] = [];
  const seen = new Set<Type<unknown>>();
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
      for (const handler of Object.getOwnPropertyNames(controller.prototype)) {
        const fn = (controller.prototype as Record<string, unknown>)[handler];
        if (handler === 'constructor' || typeof fn !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const targets = [fn, controller];
        const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true;
        const roles = reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets) ?? [];
        for (const basePath of [base ?? ''].flat()) {
          for (const ownPath of [path].flat()) {
            routes.push({
              method: RequestMethod[method],
              path: joinPath(basePath, ownPath),
              controller,
              handler,
              isPublic,
              roles,
              queryDto: queryDtoOf(controller, handler),
            });
          }
        }
      }
    }
  }
  return routes;
}
