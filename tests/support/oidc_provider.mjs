// A real OpenID Connect provider for the tests: the certified `oidc-provider` package
// (pinned in package-lock.json), served on a free port of 127.0.0.1.
//
// Usage: node tests/support/oidc_provider.mjs '<json>' where the JSON names the test client
// ({"client_id", "client_secret", "redirect_uri", "post_logout_redirect_uri", "audience"}).
// When it listens it prints one line of JSON, {"issuer": "http://127.0.0.1:PORT"}, and serves
// until it is killed. Its keys are made afresh at every start (ES256 for tokens).
//
// Sign-in goes through the package's own development pages: a login page (any password is
// accepted for a known login) and a consent page. One test user, `ind-anna`, is in the group
// `ind-caseworkers`, which the tests' claim mapping turns into an IND caseworker; `stranger`
// is in a group that no mapping names. The groups come in the ID token and, for the API, in
// JWT access tokens for the resource server `audience` (resource indicators, RFC 8707).
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const config = JSON.parse(process.argv[2]);
// The API as a resource server (RFC 8707 wants an absolute URI); its tokens name `audience`.
const RESOURCE = 'https://api.migrationpact.test/';
const USERS = {
  'ind-anna': { name: 'Anna Jansen', groups: ['ind-caseworkers', 'everyone'] },
  stranger: { name: 'Sam Stranger', groups: ['everyone'] },
};

const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
  format: 'jwk',
});

async function findAccount(_ctx, id) {
  const user = USERS[id];
  if (!user) return undefined;
  return {
    accountId: id,
    async claims() {
      return { sub: id, name: user.name, groups: user.groups };
    },
  };
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: config.client_id,
        client_secret: config.client_secret,
        redirect_uris: [config.redirect_uri],
        post_logout_redirect_uris: [config.post_logout_redirect_uri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [{ ...signing, kid: 'test-es256', use: 'sig', alg: 'ES256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    findAccount,
    claims: { openid: ['sub'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups', 'api'],
    // The claims of the scopes go into the ID token too (not only to the userinfo endpoint).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Access tokens are for the API when the client asks for its scope "api" (a program);
        // the web sign-in asks only for the ID token's scopes and gets none for the API.
        defaultResource: (ctx) =>
          String(ctx.oidc.params?.scope ?? '').split(' ').includes('api')
            ? RESOURCE
            : undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: 'api',
            audience: config.audience,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    async extraTokenClaims(_ctx, token) {
      const user = USERS[token.accountId];
      return user ? { name: user.name, groups: user.groups } : undefined;
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
