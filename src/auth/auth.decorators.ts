import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { Caller, Role } from './api-key';

export const PUBLIC_ROUTE = 'ledger:public-route';
export const ROUTE_ROLES = 'ledger:route-roles';

/** Anyone may call this route, with or without a key. Only the health check (and the docs, outside Nest) are. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The roles whose keys may call this route (listed explicitly: an admin key reads only where `admin` is listed). */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ROLES, roles);

/** Where the guard leaves the authenticated caller on the request. */
const CALLER = Symbol('ledger:caller');

export function setCaller(request: Request, caller: Caller): void {
  (request as unknown as Record<symbol, Caller>)[CALLER] = caller;
}

export function callerOf(request: Request): Caller | undefined {
  return (request as unknown as Record<symbol, Caller | undefined>)[CALLER];
}

/** The caller the guard authenticated (a handler behind `@Roles` always has one). */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = callerOf(context.switchToHttp().getRequest<Request>());
  if (!caller) throw new Error('@CurrentCaller() used on a route the API key guard did not authenticate');
  return caller;
});
