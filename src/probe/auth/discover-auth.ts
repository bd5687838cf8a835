import { isObject } from '../../util/json-values.js';
import type { ProbeContext } from '../context.js';
import { httpOf, type StepLog } from '../steps.js';
import type { HttpFacts } from '../transport/http-facts.js';
import { getJson, type JsonOutcome } from '../transport/get-json.js';
import { parseWwwAuthenticate } from './www-authenticate.js';

export type AuthProblemCode =
  | 'no_challenge'
  | 'resource_metadata_unreachable'
  | 'resource_metadata_invalid'
  | 'resource_mismatch'
  | 'no_authorization_servers'
  | 'server_metadata_unreachable'
  | 'server_metadata_invalid'
  | 'issuer_mismatch'
  | 'pkce_s256_missing'
  | 'no_registration_path';

export interface AuthProblem {
  code: AuthProblemCode;
  detail: string;
}

/** What the endpoint's OAuth discovery showed, checked without credentials. */
export interface AuthFacts {
  /** The status that asked for credentials. */
  status: number;
  /** Whether the user sent headers (credentials) that were refused. */
  credentialsSent: boolean;
  /** The Bearer challenge's parameters, when there was one. */
  challenge: { scheme: string; resourceMetadata?: string; scope?: string; error?: string } | null;
  /** RFC 9728 protected-resource metadata, when found. */
  resourceMetadata: { url: string; source: 'header' | 'well-known'; authorizationServers: string[] } | null;
  /** RFC 8414 / OIDC metadata of the first authorization server, when found. */
  authorizationServer: {
    issuer: string;
    metadataUrl: string;
    pkceS256: boolean;
    registration: Array<'dynamic' | 'client-id-metadata-document'>;
  } | null;
  problems: AuthProblem[];
}

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const trimSlash = (value: string) => value.replace(/\/+$/, '');

/**
 * RFC 9728 §3: the well-known URIs for a resource, path-inserted first, then the root
 * (2025-11-25 authorization "Protected Resource Metadata Discovery Requirements").
 */
export function resourceMetadataUrls(resource: URL): string[] {
  const path = trimSlash(resource.pathname);
  const root = `${resource.origin}/.well-known/oauth-protected-resource`;
  return path === '' ? [root] : [`${root}${path}`, root];
}

/** RFC 8414 and OIDC discovery URLs for an issuer, in the order the spec gives. */
export function serverMetadataUrls(issuer: URL): string[] {
  const path = trimSlash(issuer.pathname);
  if (path === '') {
    return [`${issuer.origin}/.well-known/oauth-authorization-server`, `${issuer.origin}/.well-known/openid-configuration`];
  }
  return [
    `${issuer.origin}/.well-known/oauth-authorization-server${path}`,
    `${issuer.origin}/.well-known/openid-configuration${path}`,
    `${issuer.origin}${path}/.well-known/openid-configuration`,
  ];
}

/**
 * Follows the discovery chain a client would, after a 401/403:
 * WWW-Authenticate → protected-resource metadata → authorization-server metadata,
 * and checks what can be checked without credentials.
 */
export async function discoverAuth(
  context: ProbeContext,
  endpointUrl: string,
  challengeHttp: HttpFacts,
  steps: StepLog,
): Promise<AuthFacts> {
  const facts: AuthFacts = {
    status: challengeHttp.status,
    // Sent only if the origin that refused them is theirs (a redirect elsewhere drops them).
    credentialsSent: Object.keys(context.userHeaders).length > 0 && URL.canParse(challengeHttp.url) && new URL(challengeHttp.url).origin === context.credentialOrigin,
    challenge: null,
    resourceMetadata: null,
    authorizationServer: null,
    problems: [],
  };
  const problem = (code: AuthProblemCode, detail: string) => facts.problems.push({ code, detail });

  const bearer = parseWwwAuthenticate(challengeHttp.wwwAuthenticate ?? '').find((c) => c.scheme === 'bearer');
  if (bearer) {
    facts.challenge = {
      scheme: bearer.scheme,
      ...(bearer.params['resource_metadata'] === undefined ? {} : { resourceMetadata: bearer.params['resource_metadata'] }),
      ...(bearer.params['scope'] === undefined ? {} : { scope: bearer.params['scope'] }),
      ...(bearer.params['error'] === undefined ? {} : { error: bearer.params['error'] }),
    };
  }
  const noChallenge = bearer ? null : challengeHttp.wwwAuthenticate ? 'WWW-Authenticate has no Bearer challenge' : 'no WWW-Authenticate header';

  // 1. Protected-resource metadata: the header's URL when given, else the well-known URIs.
  const resource = new URL(challengeHttp.url || endpointUrl);
  const headerUrl = facts.challenge?.resourceMetadata;
  const candidates: Array<{ url: string; source: 'header' | 'well-known' }> = [];
  if (headerUrl !== undefined) {
    const parsed = httpUrl(headerUrl);
    if (parsed) candidates.push({ url: parsed.href, source: 'header' });
    else problem('resource_metadata_invalid', 'resource_metadata in WWW-Authenticate is not an http(s) URL');
  }
  if (candidates.length === 0) for (const url of resourceMetadataUrls(resource)) candidates.push({ url, source: 'well-known' });

  let metadata: Record<string, unknown> | null = null;
  let found: { url: string; source: 'header' | 'well-known' } | null = null;
  for (const candidate of candidates) {
    const fetched = await timedGet(context, steps, 'auth:resource-metadata', candidate.url);
    if (fetched.ok && isObject(fetched.value)) {
      metadata = fetched.value;
      found = candidate;
      break;
    }
    if (fetched.ok) {
      problem('resource_metadata_invalid', `${candidate.url} is JSON but not an object`);
      return facts;
    }
    if (candidate.source === 'header') {
      problem('resource_metadata_unreachable', `${candidate.url}: ${fetched.failure.detail}`);
      return facts;
    }
  }
  if (!metadata || !found) {
    // The spec lets servers use either the header pointer or the well-known URIs: only both missing is a fault.
    if (noChallenge) problem('no_challenge', noChallenge);
    problem('resource_metadata_unreachable', 'no protected-resource metadata at the well-known URIs');
    return facts;
  }
  const servers = Array.isArray(metadata['authorization_servers'])
    ? metadata['authorization_servers'].filter((s): s is string => typeof s === 'string')
    : [];
  facts.resourceMetadata = { url: found.url, source: found.source, authorizationServers: servers };
  const declaredResource = metadata['resource'];
  if (typeof declaredResource !== 'string') {
    problem('resource_metadata_invalid', 'the metadata has no "resource"');
  } else if (trimSlash(declaredResource) !== trimSlash(resource.href) && trimSlash(declaredResource) !== resource.origin) {
    problem('resource_mismatch', `"resource" is ${declaredResource.slice(0, 120)}, not this endpoint`);
  }
  if (servers.length === 0) {
    problem('no_authorization_servers', '"authorization_servers" is missing or empty');
    return facts;
  }

  // 2. The first authorization server's metadata (RFC 8414, then OIDC).
  const issuer = servers[0]!;
  const issuerUrl = httpUrl(issuer);
  if (!issuerUrl) {
    problem('server_metadata_invalid', `authorization server ${issuer.slice(0, 120)} is not an http(s) URL`);
    return facts;
  }
  let serverMetadata: Record<string, unknown> | null = null;
  let metadataUrl = '';
  for (const url of serverMetadataUrls(issuerUrl)) {
    const fetched = await timedGet(context, steps, 'auth:server-metadata', url);
    if (fetched.ok && isObject(fetched.value)) {
      serverMetadata = fetched.value;
      metadataUrl = url;
      break;
    }
  }
  if (!serverMetadata) {
    problem('server_metadata_unreachable', `no RFC 8414 or OpenID metadata for ${issuer.slice(0, 120)}`);
    return facts;
  }
  const methods = serverMetadata['code_challenge_methods_supported'];
  const registration: Array<'dynamic' | 'client-id-metadata-document'> = [];
  if (typeof serverMetadata['registration_endpoint'] === 'string') registration.push('dynamic');
  if (serverMetadata['client_id_metadata_document_supported'] === true) registration.push('client-id-metadata-document');
  facts.authorizationServer = {
    issuer,
    metadataUrl,
    pkceS256: Array.isArray(methods) && methods.includes('S256'),
    registration,
  };
  // RFC 8414 §3.3: the issuer in the document must be the one the URL was built from.
  if (serverMetadata['issuer'] !== issuer) {
    problem('issuer_mismatch', `metadata issuer ${JSON.stringify(serverMetadata['issuer'])?.slice(0, 120)} is not ${issuer.slice(0, 120)}`);
  }
  for (const field of ['authorization_endpoint', 'token_endpoint']) {
    if (typeof serverMetadata[field] !== 'string') problem('server_metadata_invalid', `"${field}" is missing`);
  }
  if (!facts.authorizationServer.pkceS256) problem('pkce_s256_missing', 'code_challenge_methods_supported does not list S256');
  if (registration.length === 0) {
    problem('no_registration_path', 'neither registration_endpoint nor client_id_metadata_document_supported: only pre-registered clients can connect');
  }
  return facts;
}

async function timedGet(context: ProbeContext, steps: StepLog, name: string, url: string): Promise<JsonOutcome> {
  const startedAt = steps.now();
  const fetched = await getJson(context, url);
  steps.add(
    {
      name,
      outcome: fetched.ok ? 'ok' : fetched.failure.code,
      ...(fetched.http ? { http: httpOf(fetched.http) } : {}),
      ...(fetched.ok ? {} : { detail: fetched.failure.detail }),
    },
    startedAt,
  );
  return fetched;
}
