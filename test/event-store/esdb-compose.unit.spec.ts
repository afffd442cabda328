import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Docker cannot run here, so docker-compose.yml is checked against what EventStoreDB 24.10 needs to start and
 * what the ledger needs from it. Merge keys (`<<:`) are resolved as Docker Compose resolves them.
 */
interface Service {
  image?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);
const eventStores = services.filter(([, s]) => s.image?.startsWith('eventstore/eventstore:'));
const ledgers = services.filter(([, s]) => s.environment?.LEDGER_STORE === 'eventstoredb');
const profileOf = (service: Service) => service.profiles?.[0] ?? 'default';

/** Settings 24.10 no longer takes or warns about (renamed in 23.10, or features removed). */
const DEPRECATED = [
  'EVENTSTORE_INT_IP',
  'EVENTSTORE_EXT_IP',
  'EVENTSTORE_INT_HOST_ADVERTISE_AS',
  'EVENTSTORE_EXT_HOST_ADVERTISE_AS',
  'EVENTSTORE_INT_TCP_PORT',
  'EVENTSTORE_EXT_TCP_PORT',
  'EVENTSTORE_HTTP_PORT_ADVERTISE_AS',
  'EVENTSTORE_ENABLE_EXTERNAL_TCP',
  'EVENTSTORE_ENABLE_ATOM_PUB_OVER_HTTP',
  'EVENTSTORE_DEV',
];

describe('docker-compose.yml', () => {
  it('runs EventStoreDB 24.10: one node by default, three in the cluster profile', () => {
    expect(eventStores.map(([, s]) => s.image)).toEqual(Array(4).fill('eventstore/eventstore:24.10'));
    expect(eventStores.filter(([, s]) => profileOf(s) === 'default')).toHaveLength(1);
    const cluster = eventStores.filter(([, s]) => profileOf(s) === 'cluster');
    expect(cluster).toHaveLength(3);
    for (const [, node] of cluster) expect(node.environment?.EVENTSTORE_CLUSTER_SIZE).toBe('3');
  });

  it.each(eventStores)('%s: every *_IP is an IP address, host names only in *_HOST_ADVERTISE_AS', (name, service) => {
    const env = service.environment ?? {};
    for (const [key, value] of Object.entries(env)) {
      if (key.endsWith('_IP')) expect({ [key]: isIP(value) }).toEqual({ [key]: 4 });
    }
    if (profileOf(service) === 'cluster') {
      expect(env.EVENTSTORE_NODE_HOST_ADVERTISE_AS).toBe(name);
      expect(env.EVENTSTORE_REPLICATION_HOST_ADVERTISE_AS).toBe(name);
      const seeds = env.EVENTSTORE_GOSSIP_SEED!.split(',').map((seed) => seed.split(':')[0]);
      expect(seeds.sort()).toEqual(eventStores.filter(([other, s]) => other !== name && profileOf(s) === 'cluster').map(([other]) => other).sort());
    }
  });

  it.each(eventStores)('%s: no deprecated settings', (_name, service) => {
    expect(Object.keys(service.environment ?? {}).filter((key) => DEPRECATED.includes(key))).toEqual([]);
  });

  it.each(eventStores)('%s: healthy only when gossip shows a leader', (_name, service) => {
    const test = service.healthcheck!.test.join(' ');
    expect(test).toContain('/gossip');
    expect(test).toContain('Leader');
    expect(test).not.toContain('/health/live');
  });

  it.each(ledgers)('%s waits for every EventStoreDB node of its profile to be healthy', (_name, ledger) => {
    const nodes = eventStores.filter(([, s]) => profileOf(s) === profileOf(ledger)).map(([name]) => name);
    expect(Object.keys(ledger.depends_on ?? {}).sort()).toEqual(nodes.sort());
    for (const node of nodes) expect(ledger.depends_on![node]!.condition).toBe('service_healthy');
    const hosts = ledger.environment!.EVENTSTORE_CONNECTION_STRING!.replace(/^esdb:\/\//, '').split('?')[0]!.split(',');
    expect(hosts.map((host) => host.split(':')[0]).sort()).toEqual(nodes.sort());
  });
});
