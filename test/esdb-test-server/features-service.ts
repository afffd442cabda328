import { randomUUID } from 'node:crypto';
import type { IGossipServer } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import type { IServerFeaturesServer } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { encodeUuid } from './protocol';
import { nowTicks } from './in-memory-log';

/** What GetSupportedMethods reports; three dot-separated parts, as the server trims its version. */
export const SERVER_VERSION = '24.10.0';

/**
 * Only what this server implements is advertised, so a client feature that is missing here
 * (persistent subscriptions, projections…) fails as "unsupported" instead of hanging.
 * Names are lower-cased and features listed as the server's ServerFeatures service does;
 * the client matches `/${service}/${method}` case-insensitively against its own method paths.
 */
const SUPPORTED: ReadonlyArray<{ service: string; method: string; features?: readonly string[] }> = [
  { service: 'event_store.client.streams.streams', method: 'read', features: ['position', 'events'] },
  { service: 'event_store.client.streams.streams', method: 'append' },
  { service: 'event_store.client.streams.streams', method: 'delete' },
  { service: 'event_store.client.streams.streams', method: 'tombstone' },
  { service: 'event_store.client.streams.streams', method: 'batchappend', features: ['deadline_duration'] },
  { service: 'event_store.client.server_features.serverfeatures', method: 'getsupportedmethods' },
  { service: 'event_store.client.gossip.gossip', method: 'read' },
];

export function createServerFeaturesService(): IServerFeaturesServer {
  return {
    getSupportedMethods: (_call, callback) => {
      const methods = SUPPORTED.map(({ service, method, features }) =>
        new SupportedMethod()
          .setServiceName(service)
          .setMethodName(method)
          .setFeaturesList([...(features ?? [])]),
      );
      callback(null, new SupportedMethods().setEventStoreServerVersion(SERVER_VERSION).setMethodsList(methods));
    },
  };
}

/**
 * Gossip as the nodes see the cluster: the leader as LEADER, the others as FOLLOWER (during an election no
 * member is the leader), for `esdb+discover://` and multi-host connection strings.
 */
export function createGossipService(members: () => readonly { host: string; port: number; leader: boolean }[]): IGossipServer {
  const instanceIds = new Map<string, string>();
  return {
    read: (_call, callback) => {
      const infos = members().map(({ host, port, leader }) => {
        const key = `${host}:${port}`;
        if (!instanceIds.has(key)) instanceIds.set(key, randomUUID());
        return new MemberInfo()
          .setInstanceId(encodeUuid(instanceIds.get(key)!, true))
          .setTimeStamp(nowTicks().toString(10))
          .setState(leader ? MemberInfo.VNodeState.LEADER : MemberInfo.VNodeState.FOLLOWER)
          .setIsAlive(true)
          .setHttpEndPoint(new EndPoint().setAddress(host).setPort(port));
      });
      callback(null, new ClusterInfo().setMembersList(infos));
    },
  };
}
