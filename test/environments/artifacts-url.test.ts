/** D3: `artifacts.url` reaches a shell on every node; validation admits plain https URLs only. */
import { describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../environments/load-environment.js';
import { EnvironmentError, type Problem } from '../../environments/problems.js';

function problems(url: string): Pick<Problem, 'code' | 'path' | 'line' | 'col'>[] {
  const text = `apiVersion: socle/v1
name: artifacts-test
authority:
  name: Ville Exemple
  domain: collab.ville-exemple.fr
users: 1000
cloud:
  provider: ovhcloud
  region: GRA11
residency:
  jurisdiction: FR
dataClassification: internal
artifacts:
  url: ${JSON.stringify(url)}
`;
  try {
    parseEnvironment(text, 'test.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    return e.problems.map(({ code, path, line, col }) => ({ code, path, line, col }));
  }
}

describe('artifacts.url', () => {
  it.each(['https://artefacts.ville-exemple.fr/socle', 'https://artefacts.ville-exemple.fr/socle/', 'https://10.0.0.5:8443/a/b_c~d'])('accepts %s', (url) => {
    expect(problems(url)).toEqual([]);
  });

  it.each([
    'https://artefacts.ville-exemple.fr/$(reboot)',
    'https://artefacts.ville-exemple.fr/a;reboot',
    'https://artefacts.ville-exemple.fr/a?x=1&b=2',
    "https://artefacts.ville-exemple.fr/it's",
    'https://artefacts.ville-exemple.fr/a b',
    'https://artefacts.ville-exemple.fr/${file("/etc/passwd")}',
    'https://user:pw@artefacts.ville-exemple.fr/socle',
    'http://artefacts.ville-exemple.fr/socle',
    'https://artefacts.ville-exemple.fr/a#b',
  ])('refuses %s at its position (schema pattern)', (url) => {
    expect(problems(url)).toEqual([{ code: 'invalid-format', path: 'artifacts.url', line: 14, col: 9 }]);
  });

  it.each(['https://1.2.3.999/socle', 'https://artefacts.ville-exemple.fr:99999/socle', 'https://Artefacts.ville-exemple.fr/socle', 'https://artefacts.ville-exemple.fr/a/../b', 'https://artefacts.ville-exemple.fr:443/socle'])(
    'refuses %s after parsing it as a WHATWG URL',
    (url) => {
      expect(problems(url)).toEqual([{ code: 'invalid-url', path: 'artifacts.url', line: 14, col: 9 }]);
    },
  );
});
