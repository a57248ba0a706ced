/**
 * The human reports' own words, in English and in French (French local authorities file their
 * audit reports in French). Policy ids, resource addresses, evidence and findings' messages stay
 * as the artifacts and the policies say them; everything the report itself writes is here.
 */
import type { Jurisdiction } from '../../environments/environment.js';
import type { Category, Severity } from '../policy.js';
import type { PlaceRole, PlaceUse, PlaceVerdict } from '../report/data-map.js';
import type { ControlStatus, ReportScope, WaiverUse } from '../report/report.js';

export const LANGS = ['en', 'fr'] as const;
export type Lang = (typeof LANGS)[number];

export interface ReportWords {
  title: (name: string) => string;
  header: { authority: string; environment: string; jurisdiction: string; dataClassification: string; checkedOn: string; version: string; fingerprint: string; failsOn: string };
  failsOn: (severity: string) => string;
  offline: string;
  verdictHeading: string;
  verdict: { pass: string; fail: string };
  verdictPass: (failOn: string, open: number, findings: number, waived: number) => string;
  verdictFail: (failOn: string, blocking: number, findings: number, waived: number) => string;
  controlsSummary: (counts: Record<ControlStatus, number>) => string;
  status: Record<ControlStatus, string>;
  severity: Record<Severity, string>;
  category: Record<Category, string>;
  categoryMeaning: Record<Category, string>;
  /** `Verdict:` in English, `Verdict :` in French (a no-break space before the colon). */
  colon: string;
  dataGoes: { heading: string; summary: (parts: { primary: string; backup: string; state: string; external: number; outside: number; jurisdiction: Jurisdiction }) => string; none: string };
  placeColumns: { place: string; uses: string; from: string; operator: string; country: string; location: string; verdict: string };
  placeVerdict: (verdict: PlaceVerdict, jurisdiction: Jurisdiction) => string;
  role: Record<PlaceRole, string>;
  use: Record<PlaceUse, string>;
  graph: { users: string; deployment: string; platform: string };
  controlColumns: { control: string; severity: string; status: string; findings: string };
  checked: string;
  nothingChecked: string;
  scope: (scope: ReportScope) => string;
  scopeLicences: (hasSizing: boolean) => string;
  scopeGovernance: (waivers: number) => string;
  scopeSensitive: (classification: string, region: string) => string;
  remediation: string;
  references: string;
  findingColumns: { mark: string; resource: string; finding: string; where: string; value: string };
  mark: { waived: (n: number) => string; blocking: string; open: string };
  designHidden: (count: number) => string;
  design: { heading: string; intro: string; columns: { rule: string; resources: string; findings: string; justification: string } };
  waivers: { heading: string; none: string; columns: { n: string; policy: string; resource: string; owner: string; expires: string; status: string; findings: string; source: string; justification: string } };
  waiverStatus: Record<WaiverUse['status'], string>;
  neverExpires: string;
  warnings: string;
  artifacts: { heading: string; file: string };
  compactNote: string;
  /** The terminal report's marks, fixed width. */
  text: { waived: string; blocks: string; fix: string; waiver: (justification: string, owner: string, expires: string) => string; on: string };
}

const list = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const EN_OUT = (j: Jurisdiction) => `outside ${j === 'FR' ? 'France' : 'the EU'}`;
const FR_OUT = (j: Jurisdiction) => (j === 'FR' ? 'hors de France' : 'hors de l’Union européenne');

const EN: ReportWords = {
  title: (name) => `socle audit report — ${name}`,
  header: { authority: 'Authority', environment: 'Environment', jurisdiction: 'Jurisdiction', dataClassification: 'Data classification', checkedOn: 'Checked on', version: 'socle version', fingerprint: 'Fingerprint', failsOn: 'Fails on' },
  failsOn: (s) => `${s} and above, unwaived`,
  offline: 'Evaluated offline from the artifacts alone: no cloud credentials, no network access, no telemetry.',
  verdictHeading: 'Verdict',
  verdict: { pass: 'PASS', fail: 'FAIL' },
  verdictPass: (failOn, open, findings, waived) =>
    open > 0 ? `PASS — ${list(open, 'finding', 'findings')} below the threshold (${failOn}); ${waived} waived, ${findings} in all` : `PASS — no unwaived finding at or above ${failOn} (${list(findings, 'finding', 'findings')}, ${waived} waived)`,
  verdictFail: (failOn, blocking, findings, waived) => `FAIL — ${blocking} unwaived finding${blocking === 1 ? '' : 's'} at or above ${failOn} (${findings} in all, ${waived} waived)`,
  controlsSummary: (c) => `Controls: ${c.pass} pass, ${c.fail} fail, ${c.waived} waived, ${c['not-applicable']} not applicable.`,
  status: { pass: '✅ pass', fail: '❌ fail', waived: '⚠️ waived', 'not-applicable': '➖ not applicable' },
  severity: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
  category: { residency: 'Residency', 'sensitive-data': 'Sensitive data', security: 'Security', availability: 'Availability', licences: 'Licences', governance: 'Governance' },
  categoryMeaning: {
    residency: 'Where data is stored and processed, and every third party it flows to, against the environment’s jurisdiction.',
    'sensitive-data': 'Sensitive data requires a qualified (SecNumCloud-class) hosting offer.',
    security: 'Exposure, encryption in transit, secrets, workload isolation and supply chain.',
    availability: 'Redundancy, disruption budgets, zone spread, database quorum and off-site backups.',
    licences: 'The chosen editions against the planned load and their published limits.',
    governance: 'The waivers themselves: owned, justified and within their review date.',
  },
  colon: ':',
  dataGoes: {
    heading: 'Where the data goes',
    summary: (p) => `Primary region ${p.primary}; backups in ${p.backup}; state in ${p.state}; ${list(p.external, 'external host', 'external hosts')} judged, ${p.outside} ${EN_OUT(p.jurisdiction)}.`,
    none: 'none',
  },
  placeColumns: { place: 'Place', uses: 'What goes there', from: 'From', operator: 'Operator', country: 'Operator’s country', location: 'Location', verdict: 'Verdict' },
  placeVerdict: (v, j) => ({ inside: `✅ inside ${j === 'FR' ? 'France' : 'the EU'}`, outside: `❌ ${EN_OUT(j)}`, own: '✅ the authority’s own', unknown: '⚠️ unknown operator' })[v],
  role: { region: 'region', 'object-storage': 'object storage', backup: 'backup', state: 'state backend', registry: 'registry', 'node-software': 'node software', external: 'external host' },
  use: {
    resources: 'compute, volumes, networks',
    'backup-resources': 'backup buckets and credentials',
    'backup-region': 'declared backup region',
    'backup-target': 'backups',
    'object-storage': 'files and attachments',
    'terraform-state': 'Terraform state',
    'pulumi-state': 'Pulumi state',
    images: 'container image pulls',
    'node-software': 'node software downloads',
    'stun-turn': 'STUN/TURN',
    push: 'push notifications',
    telemetry: 'telemetry',
    'update-check': 'update checks',
    'app-store': 'app store',
    'connectivity-check': 'connectivity checks',
    acme: 'certificate requests (ACME)',
    avatar: 'avatars',
    smtp: 'mail (SMTP relay)',
    identity: 'logins (identity provider)',
    registry: 'container registry',
    software: 'software downloads',
    'state-backend': 'state backend',
    cloud: 'cloud API',
    web: 'web resources',
    external: 'requests',
  },
  graph: { users: 'Users', deployment: 'socle deployment', platform: 'cluster platform' },
  controlColumns: { control: 'Control', severity: 'Severity', status: 'Status', findings: 'Findings' },
  checked: 'Checked',
  nothingChecked: 'No place of this kind in the artifacts.',
  scope: (s) => `${list(s.kubernetesObjects, 'Kubernetes object', 'Kubernetes objects')} (${list(s.workloads, 'workload', 'workloads')}, ${list(s.containers, 'container', 'containers')}) in ${list(s.manifests, 'manifest', 'manifests')}; ${list(s.terraformResources, 'Terraform resource', 'Terraform resources')} in ${list(s.stacks, 'stack', 'stacks')}.`,
  scopeLicences: (sizing) => (sizing ? 'The planned load of the sizing plan (sizing.json) against each edition’s published limits.' : 'No sizing plan (sizing.json): the load could not be judged.'),
  scopeGovernance: (n) => `${list(n, 'waiver', 'waivers')}, with owner, justification and expiry.`,
  scopeSensitive: (c, r) => `Data classification ${c}; region ${r}.`,
  remediation: 'Remediation',
  references: 'References',
  findingColumns: { mark: '', resource: 'Resource', finding: 'Finding', where: 'Where', value: 'Value' },
  mark: { waived: (n) => `waived (#${n})`, blocking: '**blocking**', open: 'open' },
  designHidden: (n) => `${list(n, 'finding', 'findings')} accepted by socle’s built-in design exceptions (see “Built-in design exceptions”).`,
  design: {
    heading: 'Built-in design exceptions',
    intro: 'Where an application can’t meet a rule, socle records a design exception: owned by socle, without expiry, reviewed with each socle version.',
    columns: { rule: 'Rule', resources: 'Resources', findings: 'Findings', justification: 'Justification' },
  },
  waivers: {
    heading: 'Waivers',
    none: 'None.',
    columns: { n: '#', policy: 'Policy', resource: 'Resource', owner: 'Owner', expires: 'Expires', status: 'Status', findings: 'Findings', source: 'Source', justification: 'Justification' },
  },
  waiverStatus: { active: 'active', expired: 'expired', unused: 'unused' },
  neverExpires: 'with this socle version',
  warnings: 'Warnings',
  artifacts: { heading: 'Artifacts checked', file: 'File' },
  compactNote: 'Compact view: failing controls and open findings only.',
  text: { waived: 'waived ', blocks: 'BLOCKS ', fix: 'fix', waiver: (j, o, e) => `waiver: ${j} (owner ${o}, expires ${e})`, on: 'on' },
};

const FR: ReportWords = {
  title: (name) => `Rapport d’audit socle — ${name}`,
  header: { authority: 'Collectivité', environment: 'Environnement', jurisdiction: 'Juridiction', dataClassification: 'Classification des données', checkedOn: 'Vérifié le', version: 'Version de socle', fingerprint: 'Empreinte', failsOn: 'Bloquant à partir de' },
  failsOn: (s) => `${s} et au-delà, sans dérogation`,
  offline: 'Évalué hors ligne à partir des seuls artefacts : aucun identifiant cloud, aucun accès réseau, aucune télémétrie.',
  verdictHeading: 'Verdict',
  verdict: { pass: 'CONFORME', fail: 'NON CONFORME' },
  verdictPass: (failOn, open, findings, waived) =>
    open > 0
      ? `CONFORME — ${list(open, 'constat', 'constats')} sous le seuil (${failOn}) ; ${waived} sous dérogation, ${findings} au total`
      : `CONFORME — aucun constat sans dérogation de gravité ${failOn} ou plus (${list(findings, 'constat', 'constats')}, ${waived} sous dérogation)`,
  verdictFail: (failOn, blocking, findings, waived) => `NON CONFORME — ${list(blocking, 'constat', 'constats')} sans dérogation de gravité ${failOn} ou plus (${findings} au total, ${waived} sous dérogation)`,
  controlsSummary: (c) => `Contrôles : ${c.pass} conformes, ${c.fail} non conformes, ${c.waived} sous dérogation, ${c['not-applicable']} sans objet.`,
  status: { pass: '✅ conforme', fail: '❌ non conforme', waived: '⚠️ sous dérogation', 'not-applicable': '➖ sans objet' },
  severity: { low: 'faible', medium: 'moyenne', high: 'haute', critical: 'critique' },
  category: { residency: 'Localisation des données', 'sensitive-data': 'Données sensibles', security: 'Sécurité', availability: 'Disponibilité', licences: 'Licences', governance: 'Gouvernance' },
  categoryMeaning: {
    residency: 'Où les données sont stockées et traitées, et chaque tiers vers lequel elles circulent, au regard de la juridiction de l’environnement.',
    'sensitive-data': 'Les données sensibles exigent une offre d’hébergement qualifiée (de type SecNumCloud).',
    security: 'Exposition, chiffrement en transit, secrets, isolation des charges de travail et chaîne d’approvisionnement.',
    availability: 'Redondance, budgets d’interruption, répartition entre zones, quorum des bases de données et sauvegardes hors site.',
    licences: 'Les éditions choisies au regard de la charge prévue et de leurs limites publiées.',
    governance: 'Les dérogations elles-mêmes : chacune a un responsable, une justification et une date de révision.',
  },
  colon: '\u00a0:',
  dataGoes: {
    heading: 'Où vont les données',
    summary: (p) => `Région principale ${p.primary} ; sauvegardes en ${p.backup} ; état en ${p.state} ; ${list(p.external, 'hôte externe examiné', 'hôtes externes examinés')}, dont ${p.outside} ${FR_OUT(p.jurisdiction)}.`,
    none: 'aucune',
  },
  placeColumns: { place: 'Lieu', uses: 'Ce qui y va', from: 'Depuis', operator: 'Opérateur', country: 'Pays de l’opérateur', location: 'Localisation', verdict: 'Verdict' },
  placeVerdict: (v, j) => ({ inside: `✅ ${j === 'FR' ? 'en France' : 'dans l’Union européenne'}`, outside: `❌ ${FR_OUT(j)}`, own: '✅ propre à la collectivité', unknown: '⚠️ opérateur inconnu' })[v],
  role: { region: 'région', 'object-storage': 'stockage objet', backup: 'sauvegarde', state: 'état de déploiement', registry: 'registre', 'node-software': 'logiciels des nœuds', external: 'hôte externe' },
  use: {
    resources: 'calcul, volumes, réseaux',
    'backup-resources': 'conteneurs et identifiants de sauvegarde',
    'backup-region': 'région de sauvegarde déclarée',
    'backup-target': 'sauvegardes',
    'object-storage': 'fichiers et pièces jointes',
    'terraform-state': 'état Terraform',
    'pulumi-state': 'état Pulumi',
    images: 'téléchargement des images de conteneurs',
    'node-software': 'téléchargement des logiciels des nœuds',
    'stun-turn': 'STUN/TURN',
    push: 'notifications push',
    telemetry: 'télémétrie',
    'update-check': 'vérification des mises à jour',
    'app-store': 'magasin d’applications',
    'connectivity-check': 'tests de connectivité',
    acme: 'demandes de certificats (ACME)',
    avatar: 'avatars',
    smtp: 'courriel (relais SMTP)',
    identity: 'connexions (fournisseur d’identité)',
    registry: 'registre de conteneurs',
    software: 'téléchargement de logiciels',
    'state-backend': 'stockage de l’état',
    cloud: 'API du cloud',
    web: 'ressources web',
    external: 'requêtes',
  },
  graph: { users: 'Utilisateurs', deployment: 'déploiement socle', platform: 'plateforme du cluster' },
  controlColumns: { control: 'Contrôle', severity: 'Gravité', status: 'Statut', findings: 'Constats' },
  checked: 'Vérifié',
  nothingChecked: 'Aucun lieu de ce type dans les artefacts.',
  scope: (s) => `${list(s.kubernetesObjects, 'objet Kubernetes', 'objets Kubernetes')} (${list(s.workloads, 'charge de travail', 'charges de travail')}, ${list(s.containers, 'conteneur', 'conteneurs')}) dans ${list(s.manifests, 'manifeste', 'manifestes')} ; ${list(s.terraformResources, 'ressource Terraform', 'ressources Terraform')} dans ${list(s.stacks, 'pile', 'piles')}.`,
  scopeLicences: (sizing) => (sizing ? 'La charge prévue par le plan de dimensionnement (sizing.json) au regard des limites publiées de chaque édition.' : 'Aucun plan de dimensionnement (sizing.json) : la charge n’a pas pu être évaluée.'),
  scopeGovernance: (n) => `${list(n, 'dérogation', 'dérogations')}, avec responsable, justification et échéance.`,
  scopeSensitive: (c, r) => `Classification des données ${c} ; région ${r}.`,
  remediation: 'Remédiation',
  references: 'Références',
  findingColumns: { mark: '', resource: 'Ressource', finding: 'Constat', where: 'Emplacement', value: 'Valeur' },
  mark: { waived: (n) => `dérogation (n° ${n})`, blocking: '**bloquant**', open: 'ouvert' },
  designHidden: (n) => `${list(n, 'constat accepté', 'constats acceptés')} par les exceptions de conception intégrées à socle (voir « Exceptions de conception intégrées »).`,
  design: {
    heading: 'Exceptions de conception intégrées',
    intro: 'Lorsqu’une application ne peut pas respecter une règle, socle enregistre une exception de conception : portée par socle, sans échéance, revue à chaque version de socle.',
    columns: { rule: 'Règle', resources: 'Ressources', findings: 'Constats', justification: 'Justification' },
  },
  waivers: {
    heading: 'Dérogations',
    none: 'Aucune.',
    columns: { n: 'n°', policy: 'Règle', resource: 'Ressource', owner: 'Responsable', expires: 'Échéance', status: 'Statut', findings: 'Constats', source: 'Source', justification: 'Justification' },
  },
  waiverStatus: { active: 'en vigueur', expired: 'expirée', unused: 'inutilisée' },
  neverExpires: 'avec cette version de socle',
  warnings: 'Avertissements',
  artifacts: { heading: 'Artefacts vérifiés', file: 'Fichier' },
  compactNote: 'Vue compacte : contrôles non conformes et constats ouverts uniquement.',
  text: { waived: 'dérogé ', blocks: 'BLOQUE ', fix: 'correction', waiver: (j, o, e) => `dérogation : ${j} (responsable ${o}, échéance ${e})`, on: 'sur' },
};

export const REPORT_WORDS: Record<Lang, ReportWords> = { en: EN, fr: FR };
