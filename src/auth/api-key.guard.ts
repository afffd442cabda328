import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PROBLEM_BASE, ProblemException } from '../http/problem-details.filter';
import { Caller, Role, presentedCredential } from './api-key';
import { ApiKeys, ApiKeysUnavailable } from './api-keys.service';
import { PUBLIC_ROUTE, ROUTE_ROLES, setCaller } from './auth.decorators';

const REALM = 'Bearer realm="partnership-ledger"';

function unauthenticated(detail: string, invalidToken: boolean): ProblemException {
  return new ProblemException(
    { type: `${PROBLEM_BASE}unauthenticated`, title: 'An API key is required', status: 401, detail },
    { 'WWW-Authenticate': invalidToken ? `${REALM}, error="invalid_token"` : REALM },
  );
}

function forbidden(detail: string): ProblemException {
  return new ProblemException({ type: `${PROBLEM_BASE}forbidden`, title: 'This key may not do that', status: 403, detail });
}

/**
 * Registered globally: every route needs a key whose role the route lists (`@Roles`), unless it is `@Public()`.
 * A route with neither is refused to everyone (deny by default), so a forgotten decorator cannot open a route.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeys,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const caller = this.authenticate(request);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets) ?? [];
    if (roles.length === 0) throw forbidden('This route is open to no role.');
    if (!roles.includes(caller.role)) {
      throw forbidden(`The key "${caller.name}" has the role ${caller.role}; this route needs ${roles.join(' or ')}.`);
    }
    setCaller(request, caller);
    return true;
  }

  private authenticate(request: Request): Caller {
    const credential = presentedCredential(request.headers);
    if (credential.kind === 'none') {
      throw unauthenticated('Send an API key as "Authorization: Bearer <key>" or "X-API-Key: <key>".', false);
    }
    if (credential.kind === 'malformed') throw unauthenticated(`The API key was not accepted: ${credential.reason}.`, true);
    let match;
    try {
      match = this.keys.match(credential.key);
    } catch (error) {
      if (!(error instanceof ApiKeysUnavailable)) throw error;
      throw new ProblemException({
        type: `${PROBLEM_BASE}keys-unavailable`,
        title: 'The API keys cannot be read',
        status: 503,
        detail: 'The server cannot check API keys right now; an administrator has been told in the log.',
      });
    }
    if (match.kind === 'unknown') throw unauthenticated('The API key is not known to this ledger.', true);
    if (match.kind === 'revoked') throw unauthenticated(`The API key "${match.name}" has been revoked.`, true);
    return match.caller;
  }
}
