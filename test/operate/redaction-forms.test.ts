/**
 * The adversarial trial's leaks (shared/reviews/2026-12-01-hostile-inputs.md S1–S5), each replayed:
 * the tool prints a secret in another form, and nothing of it may reach a line.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../scripts/operate/progress/event-bus.js';
import type { EventSink, TimedEvent } from '../../scripts/operate/progress/events.js';
import { createRedactor, REDACTED, secretValues } from '../../scripts/operate/progress/redaction.js';

const PEM = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj', 'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu', '-----END PRIVATE KEY-----', ''].join('\n');
const PASSWORD = 'Zq7!vR2#pL9@xW4';

/** What a tool streams, line by line as socle's event bus receives it, after redaction. */
function printedLines(secrets: string[], toolOutput: string): string[] {
  const redact = createRedactor(secrets);
  return toolOutput.split('\n').map(redact);
}

describe('S1 — a multi-line secret printed by a tool', () => {
  it('no line of a PEM key in a TF_VAR_ survives, line by line as the tool streams it', () => {
    const lines = printedLines(secretValues({ TF_VAR_ca_private_key: PEM }, '/'), `debug: var.ca_private_key = <<EOT\n${PEM}EOT`);
    const body = PEM.split('\n').slice(1, 3);
    for (const line of lines) for (const b of body) expect(line).not.toContain(b.slice(0, 20));
    expect(lines.filter((l) => l === REDACTED)).toHaveLength(4);
  });

  it('nor as one JSON string with escaped line breaks', () => {
    const redact = createRedactor([PEM]);
    expect(redact(JSON.stringify({ key: PEM }))).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj');
  });
});

describe('S2 — encoded and split forms', () => {
  it('base64 of the secret, at any offset inside a longer encoded value, and in the URL alphabet', () => {
    const redact = createRedactor([PASSWORD]);
    for (const prefix of ['', 'a', 'ab', 'user:']) {
      for (const encoded of [Buffer.from(`${prefix}${PASSWORD}tail`).toString('base64'), Buffer.from(`${prefix}${PASSWORD}tail`).toString('base64url')]) {
        const out = redact(`value: ${encoded}`);
        // What is left of the encoded value is at most the few characters the neighbours share with the secret.
        const left = out.slice('value: '.length).split(REDACTED).join('');
        expect(out).toContain(REDACTED);
        expect(left.length).toBeLessThanOrEqual(encoded.length - 16);
      }
    }
  });

  it('HTTP Basic and Bearer credentials, whatever they hold', () => {
    const redact = createRedactor([]);
    expect(redact('Authorization: Basic dXNlcjpzM2NyM3Q=')).toBe(`Authorization: Basic ${REDACTED}`);
    expect(redact('-H "Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig"')).toBe(`-H "Authorization: Bearer ${REDACTED}"`);
  });

  it('URL-encoded, as in a connection string', () => {
    const out = createRedactor([PASSWORD])(`mongodb://root:${encodeURIComponent(PASSWORD)}@mongo:27017`);
    expect(out).toBe(`mongodb://root:${REDACTED}@mongo:27017`);
  });

  it('cut by a line break inside one text: neither piece is printed, wherever the cut', () => {
    const redact = createRedactor([PASSWORD]);
    for (const cut of [1, 7, PASSWORD.length - 1]) {
      expect(redact(`secret=${PASSWORD.slice(0, cut)}\n${PASSWORD.slice(cut)} end`)).toBe(`secret=${REDACTED}\n${REDACTED} end`);
    }
  });

  it('cut by a line break in streamed output, one line at a time: a piece of 8 characters or more is redacted on either line', () => {
    const secret = 'q8Jd2kLw0ZpX7mVb3nRt';
    expect(printedLines([secret], `key=${secret.slice(0, 9)}\n${secret.slice(9)} end`)).toEqual([`key=${REDACTED}`, `${REDACTED} end`]);
  });

  it('but a short word shared with a secret is left alone in streamed lines (stack "backups", access key "ak-backups")', () => {
    expect(printedLines(['ak-backups'], 'backups    0       0')).toEqual(['backups    0       0']);
  });
});

describe('S3 — secure.yaml beside clouds.yaml', () => {
  it("its password for the OS_CLOUD entry is a secret, as clouds.yaml's are", () => {
    const home = mkdtempSync(join(tmpdir(), 'socle-secure-'));
    const dir = join(home, '.config', 'openstack');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'clouds.yaml'), 'clouds:\n  ovh:\n    auth: { auth_url: "https://auth.cloud.ovh.net/v3", username: user-1 }\n');
    writeFileSync(join(dir, 'secure.yaml'), 'clouds:\n  ovh:\n    auth: { password: "Secure-Yaml-Pa55" }\n');
    expect(secretValues({ HOME: home, OS_CLOUD: 'ovh' }, home)).toContain('Secure-Yaml-Pa55');
  });

  it('and so is the content of a file a SOCLE_*_FILE variable names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'socle-licence-'));
    writeFileSync(join(dir, 'licence.lic'), 'LICENCE-BODY-0123456789\n');
    expect(secretValues({ SOCLE_ONLYOFFICE_LICENCE_FILE: join(dir, 'licence.lic') }, dir)).toContain('LICENCE-BODY-0123456789\n');
  });
});

describe('S4 — every output, however deep', () => {
  it('the summary event and its nested data are redacted', () => {
    const seen: TimedEvent[] = [];
    const sink: EventSink = { emit: (e) => seen.push(e), close: () => {} };
    const bus = new EventBus([sink], [PASSWORD]);
    bus.emit({ type: 'summary', command: 'deploy', summary: { outputs: { data: { s3_secret: PASSWORD, list: [`x${PASSWORD}`] } } } });
    expect(JSON.stringify(seen)).not.toContain(PASSWORD);
  });
});

describe('S5 — secrets of any length', () => {
  it('a 4-character password is redacted where it stands alone', () => {
    expect(createRedactor(['Ab1!'])('password is Ab1! ok')).toBe(`password is ${REDACTED} ok`);
  });
});
