import { detectLiteralSecret } from './secrets';

describe('detectLiteralSecret', () => {
  it.each([
    ['Bearer sk-ant-api03-abcdefghijklmnopqrstuv', undefined],
    ['ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', undefined],
    ['AKIAIOSFODNN7EXAMPLE', undefined],
    ['Bearer 9f8e7d6c5b4a', undefined],
    ['https://user:hunter22@db.example.com/x', undefined],
    ['https://api.example.com/mcp?api_key=abcdef123456', undefined],
    ['s3cr3t-v4lu3-xyz', 'DB_PASSWORD'],
    ['Q2xhdWRlQ29kZVRva2VuMTIzNDU2Nzg5MGFiY2RlZg', 'SOME_VALUE'],
  ])('flags %s', (value, key) => {
    expect(detectLiteralSecret(value, { key, entropy: true })).toBeDefined();
  });

  it.each([
    ['Bearer ${API_KEY}', 'Authorization'],
    ['${GITHUB_TOKEN}', 'GITHUB_TOKEN'],
    ['your-token-here', 'API_TOKEN'],
    ['true', 'AUTH_ENABLED'],
    ['https://auth.example.com/callback', 'AUTH_URL'],
    ['/home/me/.keys/id', 'KEY_PATH'],
    ['production', 'KEYCLOAK_REALM'],
    ['--cfg', undefined],
  ])('accepts %s', (value, key) => {
    expect(detectLiteralSecret(value, { key, entropy: true })).toBeUndefined();
  });

  it('ignores {template} variables when asked', () => {
    expect(
      detectLiteralSecret('Bearer {token}', { braceTemplates: true }),
    ).toBeUndefined();
  });
});
