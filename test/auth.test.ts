import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startOAuthServer, type OAuthFixtureOptions } from './fixtures/oauth-server.js';
import { check } from './helpers/check.js';
import type { ProbeOptions } from '../src/probe/probe.js';

/** OAuth discovery after a 401: RFC 9728 protected-resource metadata, then RFC 8414 / OIDC. */

async function judge(options: OAuthFixtureOptions, overrides: Partial<Omit<ProbeOptions, 'url'>> = {}) {
  const server = await startOAuthServer(options);
  try {
    return { ...(await check(server.url, overrides)), server };
  } finally {
    await server.close();
  }
}

describe('auth discovery', () => {
  it('auth_required: a 401 with valid discovery is healthy, shown apart from open endpoints', async () => {
    const { verdict, codes, result, server } = await judge({});
    assert.equal(verdict.status, 'healthy');
    assert.deepEqual(codes, ['auth_required']);
    assert.equal(result.auth?.status, 401);
    assert.equal(result.auth?.challenge?.scope, 'tools:read');
    assert.equal(result.auth?.resourceMetadata?.source, 'header');
    assert.equal(result.auth?.authorizationServer?.pkceS256, true);
    assert.deepEqual(result.auth?.authorizationServer?.registration, ['dynamic']);
    assert.deepEqual(
      server.requested.filter((r) => r.startsWith('GET')),
      ['GET /.well-known/oauth-protected-resource/mcp', 'GET /.well-known/oauth-authorization-server'],
    );
  });

  it('without a resource_metadata pointer, the well-known URIs are tried in the spec order', async () => {
    const { codes, server } = await judge({ challenge: 'bare' });
    assert.deepEqual(codes, ['auth_required']);
    assert.equal(server.requested.filter((r) => r.startsWith('GET'))[0], 'GET /.well-known/oauth-protected-resource/mcp');
  });

  it('OIDC discovery is used when RFC 8414 metadata is absent', async () => {
    const { codes, result, server } = await judge({ serverMetadata: 'oidc-only' });
    assert.deepEqual(codes, ['auth_required']);
    assert.match(result.auth?.authorizationServer?.metadataUrl ?? '', /openid-configuration$/);
    assert.deepEqual(
      server.requested.filter((r) => r.includes('oauth-authorization-server') || r.includes('openid')),
      ['GET /.well-known/oauth-authorization-server', 'GET /.well-known/openid-configuration'],
    );
  });

  it('auth_discovery_missing: a 401 with no WWW-Authenticate and no metadata', async () => {
    const { verdict, codes, server } = await judge({ challenge: 'none', resourceMetadata: 'missing' });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['auth_discovery_missing']);
    assert.deepEqual(
      server.requested.filter((r) => r.startsWith('GET')),
      ['GET /.well-known/oauth-protected-resource/mcp', 'GET /.well-known/oauth-protected-resource'],
    );
  });

  const broken: Array<[string, OAuthFixtureOptions, RegExp]> = [
    ['resource metadata that is not JSON', { resourceMetadata: 'not-json' }, /not JSON/],
    ['no authorization servers', { resourceMetadata: 'no-servers' }, /authorization_servers/],
    ['metadata for another resource', { resourceMetadata: 'wrong-resource' }, /not this endpoint/],
    ['an issuer that does not match', { serverMetadata: 'issuer-mismatch' }, /issuer/],
    ['no PKCE S256', { serverMetadata: 'no-pkce' }, /S256/],
    ['no registration path', { serverMetadata: 'no-registration' }, /registration/],
    ['no authorization-server metadata at all', { serverMetadata: 'missing' }, /no RFC 8414 or OpenID metadata/],
  ];
  for (const [what, options, detail] of broken) {
    it(`auth_metadata_invalid: ${what}`, async () => {
      const { verdict, codes } = await judge(options);
      assert.equal(verdict.status, 'degraded');
      assert.deepEqual(codes, ['auth_metadata_invalid']);
      assert.match(verdict.reasons[0]!.detail, detail);
    });
  }

  it('a bearer token given with --header lets the probe through', async () => {
    const { verdict, result } = await judge({ acceptToken: 's3cret' }, { headers: { Authorization: 'Bearer s3cret' } });
    assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
    assert.equal(result.auth, null);
    assert.equal(result.catalogue?.toolCount, 2);
    assert.deepEqual(result.headerNames, ['Authorization']);
    assert.ok(!JSON.stringify(result).includes('s3cret'), 'the secret value appears nowhere in the result');
  });

  it('auth_rejected: a token that is refused', async () => {
    const { verdict, codes } = await judge({ acceptToken: 's3cret' }, { headers: { Authorization: 'Bearer wrong' } });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['auth_rejected']);
  });
});
