/** Which values are secrets, and how they are taken out of text. */
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, secretValuesFromEnv } from '../../scripts/operate/progress/redaction.js';

describe('secretValuesFromEnv', () => {
  it('takes passwords, secret keys, passphrases, tokens and application credentials', () => {
    const env = {
      OS_PASSWORD: 'p',
      OS_APPLICATION_CREDENTIAL_SECRET: 'a',
      OS_TOKEN: 't',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_ACCESS_KEY_ID: 'k',
      PULUMI_CONFIG_PASSPHRASE: 'ph',
      OS_USERNAME: 'u',
      OS_AUTH_URL: 'https://auth',
      PATH: '/bin',
    };
    expect(secretValuesFromEnv(env).sort()).toEqual(['a', 'k', 'p', 'ph', 's', 't']);
  });

  it('leaves out variables that only point at a secret (a file, a KMS URL)', () => {
    expect(secretValuesFromEnv({ PULUMI_CONFIG_PASSPHRASE_FILE: '/run/secrets/p', SOCLE_PULUMI_SECRETS_PROVIDER: 'hashivault://socle', OS_CLIENT_SECRET_PATH: '/x' })).toEqual([]);
  });
});

describe('createRedactor', () => {
  it('replaces every occurrence, the longest secret first', () => {
    const redact = createRedactor(['abcdef', 'abcdefghij']);
    expect(redact('x abcdefghij y abcdef z abcdefghij')).toBe(`x ${REDACTED} y ${REDACTED} z ${REDACTED}`);
  });

  it('redacts a short secret as a whole word only, so it does not blank the words that contain it', () => {
    expect(createRedactor(['sbg', 'k9'])('sbg in the sbgx region, k9=k9')).toBe(`${REDACTED} in the sbgx region, ${REDACTED}=${REDACTED}`);
  });

  it('handles characters that are special in regular expressions', () => {
    expect(createRedactor(['a.b*c+d?(e)'])('[a.b*c+d?(e)]')).toBe(`[${REDACTED}]`);
  });
});
