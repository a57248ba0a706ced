/** No secret value in any artifact: secrets are generated at deploy time and referenced by name. */
import { containerEnv, containers, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import { dig, isObject } from '../artifacts/json.js';
import { SENSITIVE_BACKEND_ATTRIBUTES, SENSITIVE_PROVIDER_ATTRIBUTES, SENSITIVE_RESOURCE_ATTRIBUTES } from '../catalogue/sensitive-attributes.js';
import type { Policy, Violation } from '../policy.js';

/** Evidence never repeats a secret: only its length. */
const redacted = (value: string) => `<redacted: ${value.length} characters>`;

const SECRET_NAME = /(PASSWORD|PASSWD|_PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SECRET_?KEY|CREDENTIALS?)$/i;
/**
 * Not a secret: a reference to one (Terraform interpolation, Kubernetes $(VAR), a template
 * placeholder), or a flag or number (`useToken: "true"`, `TOKEN_TTL: "3600"`).
 */
const isReference = (value: string) => value === '' || /^\$\{.*\}$|^\$\(.*\)$|^\{\{.*\}\}$|^(true|false|yes|no|on|off|\d+)$/i.test(value.trim());

// Each pattern with a literal that must be present, tested first (files can be large).
const TEXT_PATTERNS: [string, RegExp, string][] = [
  ['PRIVATE KEY-----', /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, 'a PEM private key'],
  ['AKIA', /\bAKIA[0-9A-Z]{16}\b/, 'an AWS-style access key id'],
  ['eyJ', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'a signed JSON Web Token'],
  ['@', /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:[^\s@/'"$]{3,}@/i, 'a password inside a URL'],
];

// `password => 'x'`, `password: x`, `"password": "x"` in configuration files held by ConfigMaps.
const CONFIG_ASSIGNMENT = /["']?([a-z_]*(?:password|passwd|secret)[a-z_]*)["']?\s*(?:=>|:|=)\s*["']([^"'\s]{4,})["']/gi;

/** node-config (ONLYOFFICE Docs) reads these files as key → environment variable name. */
const NODE_CONFIG_ENV_MAPPING = /^custom-environment-variables\.(json|ya?ml)$/;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

export const securitySecretsInArtifacts: Policy = {
  id: 'security-secrets-in-artifacts',
  title: 'No secret values in any artifact',
  category: 'security',
  severity: 'critical',
  rationale:
    'Artifacts are committed, attached to tickets and read by auditors: a password, key or token in them is disclosed to everyone who handles them. socle generates secrets at deploy time, keeps them in encrypted Pulumi state or OpenStack Barbican, and references them by name.',
  remediation: 'Replace the literal with a reference: a Kubernetes Secret created at deploy time (secretKeyRef), a value `socle plan` generates and passes to OpenTofu as a sensitive variable (TF_VAR_…), never written to a file, or an OpenStack secret.',
  references: [
    { title: 'ANSSI Guide d’hygiène informatique (protecting secrets)' },
    { title: 'OWASP Secrets Management Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html' },
  ],
  check(artifacts) {
    const out: Violation[] = [];
    for (const config of artifacts.terraform.filter((c) => c.source === 'synth')) {
      for (const r of config.resources) {
        for (const attribute of SENSITIVE_RESOURCE_ATTRIBUTES[r.type] ?? []) {
          const path = attribute.split('.');
          const value = dig(r.values, ...path);
          if (typeof value === 'string' && !isReference(value)) out.push({ resource: `${config.addressPrefix}/${r.address}`, message: `sensitive attribute ${attribute} holds a literal value`, evidence: { file: config.file, pointer: `${r.pointer}/${path.join('/')}`, value: redacted(value) } });
        }
      }
      for (const provider of config.providers) {
        for (const attribute of SENSITIVE_PROVIDER_ATTRIBUTES) {
          const value = provider.values[attribute];
          if (typeof value === 'string' && !isReference(value)) out.push({ resource: `${config.addressPrefix}/provider.${provider.key}`, message: `provider credential ${attribute} is written in the configuration`, evidence: { file: config.file, pointer: `${provider.pointer}/${attribute}`, value: redacted(value) } });
        }
      }
      if (config.backend) {
        for (const attribute of SENSITIVE_BACKEND_ATTRIBUTES) {
          const value = config.backend.config[attribute];
          if (typeof value === 'string' && !isReference(value)) out.push({ resource: `${config.addressPrefix}/backend`, message: `backend credential ${attribute} is written in the configuration`, evidence: { file: config.file, pointer: `${config.backend.pointer}/${attribute}`, value: redacted(value) } });
        }
      }
    }

    for (const object of artifacts.objects) {
      if (object.kind === 'Secret') {
        for (const field of ['data', 'stringData']) {
          const data = dig(object.object, field);
          if (!isObject(data)) continue;
          for (const [key, value] of Object.entries(data)) {
            if (typeof value === 'string' && value !== '') out.push({ resource: object.address, message: `Secret carries the value of ${key} in clear (${field})`, evidence: { file: object.file, pointer: manifestPointer(object, field, key), value: redacted(value) } });
          }
        }
      }
      if (object.kind === 'ConfigMap') {
        const data = dig(object.object, 'data');
        for (const [key, value] of Object.entries(isObject(data) ? data : {})) {
          if (typeof value !== 'string') continue;
          if (SECRET_NAME.test(key) && !isReference(value)) out.push({ resource: object.address, message: `ConfigMap key ${key} holds a secret value (ConfigMaps are not secret)`, evidence: { file: object.file, pointer: manifestPointer(object, 'data', key), value: redacted(value) } });
          const envNames = NODE_CONFIG_ENV_MAPPING.test(key);
          for (const m of value.matchAll(CONFIG_ASSIGNMENT)) {
            if (/getenv|^\$|^%|^\{\{|^</i.test(m[2]!)) continue;
            // node-config's custom-environment-variables file maps each key to the NAME of the variable that carries it.
            if (envNames && /^[A-Z][A-Z0-9_]*$/.test(m[2]!)) continue;
            out.push({ resource: object.address, message: `configuration file ${key} sets ${m[1]} to a literal value`, evidence: { file: object.file, pointer: manifestPointer(object, 'data', key), value: redacted(m[2]!) } });
          }
        }
      }
    }
    for (const template of podTemplates(artifacts.objects)) {
      for (const container of containers(template)) {
        for (const [name, entry] of containerEnv(container, artifacts.objects)) {
          // ConfigMap-sourced values are reported on the ConfigMap above.
          if (entry.object !== template.owner || entry.value === undefined || !SECRET_NAME.test(name) || isReference(entry.value)) continue;
          out.push({ resource: template.owner.address, message: `container ${container.name} gets ${name} as a literal value`, evidence: { file: template.owner.file, pointer: entry.pointer, value: redacted(entry.value) } });
        }
      }
    }

    for (const file of artifacts.files.filter((f) => f.kind === 'artifact')) {
      for (const [literal, pattern, what] of TEXT_PATTERNS) {
        if (!file.content.includes(literal)) continue;
        const m = pattern.exec(file.content);
        if (m) out.push({ resource: file.path, message: `contains ${what}`, evidence: { file: file.path, pointer: '', line: lineOf(file.content, m.index), value: redacted(m[0]) } });
      }
    }
    return out;
  },
};
