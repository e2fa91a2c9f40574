/**
 * Manual control of a running stand-in over HTTP under `/_standin/` (no bearer token; the
 * server listens on loopback only). Tests use the same operations as plain function calls.
 */
import type { Directory } from './directory';
import type { Fault, FaultInjector } from './faults';
import { GraphError } from './protocol';
import { isObject, STANDIN_NOTICE } from './protocol';

export interface AdminContext {
  faults: FaultInjector;
  caPem: string;
  requests(): unknown[];
  clearRequests(): void;
  reset(): void;
  setDedup(on: boolean): void;
  state(): unknown;
  directory: Directory;
}

export interface AdminAnswer {
  status: number;
  body?: unknown;
  text?: string;
}

const HELP = {
  notice: STANDIN_NOTICE,
  routes: {
    'GET /_standin/ca.pem': 'the CA certificate to trust',
    'GET /_standin/state': 'users, teams, channels, members, pending operations, de-duplication flag',
    'GET /_standin/requests': 'request log (Authorization values redacted); DELETE clears it',
    'GET /_standin/faults': 'pending faults; DELETE clears them and the latency',
    'POST /_standin/faults':
      '{ "method"?: "POST", "path": "/teams/*/channels", "kind": "throttle"|"unavailable"|"delay"|"reset", "times"?: 1, "retryAfterSeconds"?: 2, "ms"?: 500 }',
    'PUT /_standin/latency': '{ "ms": 200 }',
    'PUT /_standin/dedup': '{ "on": false } turns transactionId de-duplication off',
    'POST /_standin/reset': 'forget all state, faults and the request log (the directory goes back to its seed)',
    'POST /_standin/users':
      '{ "id": "<object id>", "displayName": "Karin Ek", "mail"?: "...", "jobTitle"?: "..." } adds a user to the directory',
    'POST /_standin/groups': '{ "id": "<group id>", "displayName"?: "...", "members"?: ["<id>"] } adds a group',
    'POST /_standin/groups/{id}/members': '{ "id": "<user or group id>" } adds a member to the group',
    'DELETE /_standin/groups/{id}/members/{memberId}': 'removes a member from the group',
  },
};

function fault(body: Record<string, unknown>): Fault {
  const seconds = typeof body['retryAfterSeconds'] === 'number' ? body['retryAfterSeconds'] : undefined;
  switch (body['kind']) {
    case 'throttle':
      return { kind: 'throttle', retryAfterSeconds: seconds ?? 1 };
    case 'unavailable':
      return { kind: 'unavailable', ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}) };
    case 'delay':
      return { kind: 'delay', ms: typeof body['ms'] === 'number' ? body['ms'] : 1000 };
    case 'reset':
      return { kind: 'reset' };
    default:
      throw new Error('"kind" must be throttle, unavailable, delay or reset');
  }
}

export function handleAdmin(context: AdminContext, method: string, path: string, body: unknown): AdminAnswer {
  const route = `${method} ${path.replace(/\/+$/, '') || '/_standin'}`;
  const input = isObject(body) ? body : {};
  try {
    const members = /^(POST|DELETE) \/_standin\/groups\/([^/]+)\/members(?:\/([^/]+))?$/.exec(route);
    if (members) {
      const [, verb, groupId = '', memberId] = members;
      if (verb === 'POST' && memberId === undefined) {
        if (typeof input['id'] !== 'string') throw new Error('"id" (a user or group id) is required');
        context.directory.addMember(decodeURIComponent(groupId), input['id']);
        return { status: 204 };
      }
      if (verb === 'DELETE' && memberId !== undefined) {
        context.directory.removeMember(decodeURIComponent(groupId), decodeURIComponent(memberId));
        return { status: 204 };
      }
    }
    switch (route) {
      case 'POST /_standin/users':
        return {
          status: 201,
          body: context.directory.addUser({
            id: String(input['id'] ?? ''),
            displayName: String(input['displayName'] ?? ''),
            ...(typeof input['mail'] === 'string' ? { mail: input['mail'] } : {}),
            ...(typeof input['jobTitle'] === 'string' ? { jobTitle: input['jobTitle'] } : {}),
          }),
        };
      case 'POST /_standin/groups': {
        if (typeof input['id'] !== 'string') throw new Error('"id" is required');
        const list = Array.isArray(input['members'])
          ? input['members'].filter((m): m is string => typeof m === 'string')
          : [];
        return {
          status: 201,
          body: context.directory.addGroup({
            id: input['id'],
            ...(typeof input['displayName'] === 'string' ? { displayName: input['displayName'] } : {}),
            members: list,
          }),
        };
      }
      case 'GET /_standin':
        return { status: 200, body: HELP };
      case 'GET /_standin/ca.pem':
        return { status: 200, text: context.caPem };
      case 'GET /_standin/state':
        return { status: 200, body: context.state() };
      case 'GET /_standin/requests':
        return { status: 200, body: context.requests() };
      case 'DELETE /_standin/requests':
        context.clearRequests();
        return { status: 204 };
      case 'GET /_standin/faults':
        return { status: 200, body: context.faults.pending() };
      case 'DELETE /_standin/faults':
        context.faults.clear();
        return { status: 204 };
      case 'POST /_standin/faults': {
        if (typeof input['path'] !== 'string')
          throw new Error('"path" (a pattern such as /teams/*/channels) is required');
        const times = typeof input['times'] === 'number' ? input['times'] : 1;
        context.faults.add(
          { path: input['path'], ...(typeof input['method'] === 'string' ? { method: input['method'] } : {}) },
          fault(input),
          times,
        );
        return { status: 201, body: context.faults.pending() };
      }
      case 'PUT /_standin/latency':
        context.faults.setLatency(typeof input['ms'] === 'number' ? input['ms'] : Number.NaN);
        return { status: 204 };
      case 'PUT /_standin/dedup':
        if (typeof input['on'] !== 'boolean') throw new Error('"on" must be true or false');
        context.setDedup(input['on']);
        return { status: 204 };
      case 'POST /_standin/reset':
        context.reset();
        return { status: 204 };
      default:
        return { status: 404, body: { error: `Unknown admin route ${route}`, help: HELP } };
    }
  } catch (error) {
    if (error instanceof GraphError) return { status: error.status, body: { error: error.message } };
    return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}
