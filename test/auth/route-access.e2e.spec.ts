import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { routeAccessOf } from '../../src/auth/route-access';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';

/** Only these may be called without a key: the health check (controllers) and the API docs (outside Nest). */
const PUBLIC_CONTROLLER_ROUTES = ['GET /health'];
const isDocsPath = (path: string) => path === '/api/docs' || path.startsWith('/api/docs/') || path.startsWith('/api/docs-');

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route the Express app answers, as `METHOD /path` (static files and middleware are not routes). */
function expressRoutes(ledger: LedgerApp): string[] {
  const router = (ledger.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } }).router;
  return router.stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`) : [],
  );
}

/** A concrete URL for a route pattern. */
function concrete(path: string): string {
  return path.replace(':stream', 'office-behavioural-insights-hub').replace(':command', 'register-source');
}

describe('every route is guarded', () => {
  let ledger: LedgerApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(() => ledger.close());

  it('names a role or is explicitly public, and only the health check is public', () => {
    const routes = routeAccessOf(ledger.app);
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      expect({ route: name, marked: route.isPublic || route.roles.length > 0 }).toEqual({ route: name, marked: true });
    }
    expect(routes.filter((route) => route.isPublic).map((route) => `${route.method} ${route.path}`)).toEqual(PUBLIC_CONTROLLER_ROUTES);
  });

  it('knows every route the server answers: each is a controller route or the API docs', () => {
    const known = new Set(routeAccessOf(ledger.app).map((route) => `${route.method} ${route.path}`));
    const unknown = expressRoutes(ledger).filter((route) => !known.has(route) && !isDocsPath(route.split(' ')[1]));
    expect(unknown).toEqual([]);
    expect(expressRoutes(ledger)).toEqual(expect.arrayContaining(['GET /api/docs', 'GET /api/docs-json', 'POST /api/commands/:command']));
  });

  it('answers 401 with WWW-Authenticate: Bearer on every non-public route called without a key', async () => {
    const guarded = routeAccessOf(ledger.app).filter((route) => !route.isPublic);
    for (const route of guarded) {
      const url = concrete(route.path);
      const call = request(ledger.app.getHttpServer())[route.method.toLowerCase() as 'get' | 'post'](url).set('Idempotency-Key', randomUUID());
      const response = await call;
      expect({ route: `${route.method} ${url}`, status: response.status }).toEqual({ route: `${route.method} ${url}`, status: 401 });
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm=/);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('serves the health check, the API docs and the web page without a key', async () => {
    const server = ledger.app.getHttpServer();
    await request(server).get('/health').expect(200);
    await request(server).get('/api/docs-json').expect(200);
    await request(server).get('/api/docs').expect(200);
    // The page is 200 once built (npm run build) and 503 before: either way it asks for no key.
    const page = await request(server).get('/');
    expect([200, 503]).toContain(page.status);
  });
});
