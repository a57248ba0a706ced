/**
 * Les textes des règles en français (rapports `--lang fr`) : titre, justification et remédiation,
 * par identifiant de règle. Les identifiants, les champs (`cloud.region`) et les valeurs restent
 * tels quels ; un test vérifie que chaque règle du registre a ses textes dans les deux langues.
 */
import type { PolicyTexts } from './policy-texts.js';

export const POLICY_TEXTS_FR: Readonly<Record<string, PolicyTexts>> = {
  'residency-region': {
    title: 'Chaque ressource OpenStack est dans une région de la juridiction',
    rationale:
      'Là où une ressource tourne, ses données sont stockées et traitées. Les fournisseurs OpenStack prennent la région dans le bloc provider ou dans OS_REGION_NAME au moment de l’application : une région absente du code est choisie par la personne qui déploie. socle considère donc son absence comme un échec.',
    remediation: 'Placez `cloud.region` (et `backups.region`) dans des régions de la juridiction ; faites nommer explicitement sa région à chaque bloc provider et à chaque ressource régionale.',
  },
  'residency-backup-region': {
    title: 'Les sauvegardes restent dans la juridiction',
    rationale:
      'Une sauvegarde est une copie complète des données : copiée dans une région étrangère, elle quitte la juridiction aussi sûrement que l’original. Les jeux de règles génériques récompensent la géo-réplication vers des régions « jumelles » (par exemple Checkov CKV_AZURE_94/206) ; cette règle dit l’inverse. Les bases de données managées d’OVHcloud choisissent même implicitement une région de sauvegarde hors site.',
    remediation: 'Placez `backups.region` dans une seconde région de la juridiction, et dirigez chaque outil de sauvegarde (CloudNativePG, Velero, restic) vers le stockage objet de cette région.',
  },
  'residency-state-backend': {
    title: 'L’état Terraform et Pulumi reste dans un stockage situé dans la juridiction',
    rationale:
      'Les fichiers d’état contiennent tous les attributs des ressources, y compris les mots de passe et clés générés. Pulumi Cloud (api.pulumi.com, choix par défaut de la CLI Pulumi) et HCP Terraform (app.terraform.io) sont des services SaaS opérés depuis les États-Unis ; un état local réside sur l’ordinateur portable qui a lancé le déploiement.',
    remediation: 'Indiquez dans `state.terraform` un bucket compatible S3 du cloud de la juridiction, et dans `state.pulumi.backend` une adresse `s3://bucket?endpoint=…` sur le même ; jamais les services SaaS par défaut.',
  },
  'residency-stun-turn': {
    title: 'Les serveurs STUN/TURN sont dans la juridiction',
    rationale:
      'Chaque participant à un appel envoie des requêtes STUN (son adresse IP, l’horaire de la réunion) au serveur configuré, et TURN relaie le média lui-même. docker-jitsi-meet utilise par défaut, pour le videobridge comme pour les navigateurs, meet-jit-si-turnrelay.jitsi.net, opéré par 8x8 (États-Unis).',
    remediation: 'Laissez `apps.jitsi.stunServers` vide (le serveur TURN de la collectivité est alors utilisé), faites pointer JVB_STUN_SERVERS et P2P_STUN_SERVERS vers lui dans les conteneurs Jitsi générés, et TURN_HOST/TURNS_HOST de Prosody vers `turn.<domaine>`/`turns.<domaine>`.',
  },
  'residency-push-gateway': {
    title: 'Les notifications push passent par une passerelle de la juridiction et ne portent aucun contenu',
    rationale:
      'Rocket.Chat envoie chaque notification mobile, avec par défaut l’expéditeur, le salon et le texte du message, à gateway.rocket.chat (Rocket.Chat Technologies Corp., États-Unis), qui la transmet à Apple APNs ou Google FCM. Toute passerelle push aboutit chez Apple ou Google : le contenu ne doit donc pas y figurer.',
    remediation: 'Laissez `apps.rocketchat.pushGateway` vide (push désactivé) ou désignez une passerelle de la juridiction ; générez OVERWRITE_SETTING_Push_show_message=false et OVERWRITE_SETTING_Push_show_username_room=false.',
  },
  'residency-telemetry': {
    title: 'Aucune télémétrie, vérification de mise à jour, magasin d’applications ni téléchargement à l’exécution hors de la juridiction',
    rationale:
      'Les statistiques et les appels « phone home » décrivent l’espace de travail (utilisateurs, usage, versions) à l’éditeur et révèlent le déploiement à un tiers. Ils sont activés par défaut : rapport statistique quotidien de Rocket.Chat (la version 7 l’envoie quel que soit Statistics_reporting), reporting_enabled de Grafana, identifiants d’analyse de Jitsi, magasin d’applications, mises à jour et tests de connectivité de Nextcloud. Du code téléchargé pendant l’exécution signale aussi l’exploitant à l’éditeur, et rend le service dépendant de lui.',
    remediation: 'Désactivez chaque réglage dans la charge de travail générée (par exemple GF_ANALYTICS_REPORTING_ENABLED=false), envoyez un hôte qu’aucun réglage ne contrôle vers une adresse locale fermée (hostAliases du pod, par exemple 127.0.0.1 collector.rocket.chat), ou faites-le pointer vers un miroir situé dans la juridiction.',
  },
  'residency-acme-ca': {
    title: 'L’autorité de certification ACME est dans la juridiction',
    rationale:
      'L’autorité ACME apprend chaque nom d’hôte public et décide si les services obtiennent leurs certificats : c’est une dépendance de confiance et de disponibilité. Let’s Encrypt (ISRG) et ZeroSSL — choix par défaut caché d’acme.sh dans docker-jitsi-meet — sont des opérateurs américains. Aucune donnée d’utilisateur ne parvient à l’autorité, c’est pourquoi cette règle fait souvent l’objet d’une dérogation avec date de révision.',
    remediation: 'Indiquez dans `tls.acmeServer` une autorité ACME opérée dans la juridiction, ou accordez une dérogation à cette règle avec une justification, un responsable et une date de révision.',
  },
  'residency-external-services': {
    title: 'Relais de courriel, fournisseurs d’identité et de DNS, avatars et ressources web sont dans la juridiction',
    rationale:
      'Un relais SMTP lit chaque courriel de notification, un fournisseur d’identité voit chaque connexion, un service d’avatars reçoit de chaque navigateur une empreinte de chaque adresse électronique (Gravatar, Automattic, États-Unis). Un fournisseur DNS piloté par cert-manager ou external-dns détient toute la zone. Les réglages par défaut des applications sont locaux ; la fuite vient du relais ou du fournisseur que l’on configure.',
    remediation: 'Utilisez dans `smtp.host` et `identity.oidc.issuer` le relais SMTP et le fournisseur d’identité de la collectivité (ou opérés dans l’UE) ; désactivez les services d’avatars.',
  },
  'residency-registry': {
    title: 'Les images proviennent d’un registre situé dans la juridiction',
    rationale:
      'Chaque téléchargement d’image par un nœud indique à l’opérateur du registre ce qui tourne et où, et un registre hors de la juridiction est une dépendance de la chaîne d’approvisionnement envers un droit étranger (docker-jitsi-meet télécharge depuis ghcr.io ; une image sans registre se résout vers docker.io). Aucune donnée d’utilisateur n’y va, d’où la gravité faible.',
    remediation: 'Copiez les images dans un registre de la juridiction (par exemple un OVHcloud Managed Private Registry) et renseignez `images.mirror`.',
  },
  'residency-node-downloads': {
    title: 'Les nœuds installent leurs logiciels depuis la juridiction',
    rationale:
      'Chaque nœud que construit socle télécharge Kubernetes (RKE2) à son démarrage. Depuis get.rke2.io et les publications GitHub, c’est une dépendance de la chaîne d’approvisionnement envers un service opéré depuis les États-Unis, qui apprend en outre quand et où la collectivité ajoute des nœuds, et un démarrage qui échoue quand il est injoignable. Aucune donnée d’utilisateur n’y va, d’où la gravité faible.',
    remediation: 'Copiez les fichiers de la version RKE2 (install.sh, rke2.linux-amd64.tar.gz, sha256sum-amd64.txt) sur un serveur web de la collectivité et renseignez `artifacts.url`.',
  },
  'residency-endpoints-unknown': {
    title: 'Chaque hôte externe figure au catalogue des points de terminaison',
    rationale:
      'Un hôte qui n’est ni dans le domaine de la collectivité ni dans le catalogue des opérateurs de socle ne peut être rattaché à aucune juridiction. Le laisser passer en silence, c’est ainsi que les fuites survivent aux audits : il est signalé tant que personne n’a catalogué son opérateur.',
    remediation: 'Utilisez un hôte du domaine de la collectivité, ou ajoutez l’hôte à policies/catalogue/endpoints.ts avec son opérateur, son pays et une source.',
  },
  'sensitive-qualified-hosting': {
    title: 'Les données sensibles sont hébergées sur une offre qualifiée (de type SecNumCloud)',
    rationale:
      'Les organismes publics français doivent héberger les données sensibles sur une offre cloud qualifiée SecNumCloud (doctrine « cloud au centre », circulaire 6282/SG, et loi SREN, article 31), qui ajoute à la localisation l’immunité vis-à-vis des droits extra-européens. Une région de cloud public standard, même en France, n’est pas qualifiée.',
    remediation: 'Déplacez `cloud.region` et `backups.region` vers une région ou une offre qualifiée (et inscrivez sa qualification, avec sa référence, dans environments/catalogue/regions.ts), ou abaissez `dataClassification` si l’analyse de risque le permet.',
  },
  'security-admin-ports': {
    title: 'Aucun port d’administration n’est ouvert à tout Internet',
    rationale:
      'SSH, l’API Kubernetes, etcd, les kubelets et les bases de données exposés à 0.0.0.0/0 sont scannés en quelques minutes puis attaqués par force brute ou exploités ; l’ANSSI exige que les flux d’administration proviennent uniquement de sources dédiées et filtrées.',
    remediation: 'Listez les réseaux des administrateurs dans `cluster.adminCidrs` ; les règles de groupes de sécurité et les écouteurs de répartiteurs de charge des ports d’administration doivent nommer ces CIDR (ou un groupe de sécurité distant), jamais 0.0.0.0/0 ni ::/0.',
  },
  'security-adopted-port-groups': {
    title: 'Une IP flottante sur un port que socle n’a pas créé ne porte que les groupes de sécurité de socle',
    rationale:
      'Magnum crée les ports de ses nœuds avec ses propres groupes de sécurité, qui ouvrent SSH et tous les NodePorts à toute source ; une IP flottante sur un tel port publie tout cela, sauf si les groupes du port sont remplacés par ceux de socle (ports média ouverts au monde, le reste aux seuls réseaux des nœuds et des pods du cluster).',
    remediation: 'Donnez à chacun de ces ports un `openstack_networking_port_secgroup_associate_v2` avec `enforce: true` et les groupes de socle (`stacks/containerinfra/magnum-media-addresses.ts`).',
  },
  'security-https-only': {
    title: 'Les services ne sont joignables qu’en HTTPS',
    rationale:
      'Sessions, documents et identifiants transmis en HTTP clair peuvent être lus et modifiés en chemin. L’ANSSI recommande TLS pour tout service exposé, et HSTS pour que les navigateurs ne reviennent jamais au clair.',
    remediation: 'Donnez à chaque Ingress une section `tls` pour chaque hôte (cert-manager émet les certificats) et un middleware HSTS (Traefik `headers.stsSeconds` d’au moins un an) ; réservez le port 80 aux redirections vers HTTPS ; utilisez https:// pour toute URL externe.',
  },
  'security-secrets-in-artifacts': {
    title: 'Aucune valeur secrète dans les artefacts',
    rationale:
      'Les artefacts sont versionnés, joints à des tickets et lus par les auditeurs : un mot de passe, une clé ou un jeton qui s’y trouve est divulgué à toute personne qui les manipule. socle génère les secrets au déploiement, les conserve dans l’état Pulumi chiffré ou dans OpenStack Barbican, et les désigne par leur nom.',
    remediation: 'Remplacez la valeur littérale par une référence : un Secret Kubernetes créé au déploiement (secretKeyRef), une valeur que `socle plan` génère et passe à OpenTofu en variable sensible (TF_VAR_…), jamais écrite dans un fichier, ou un secret OpenStack.',
  },
  'security-pod-hardening': {
    title: 'Les pods tournent sans root, sans privilèges, sans élévation de privilèges ni espaces de noms de l’hôte',
    rationale:
      'Un conteneur root, privilégié ou partageant les espaces de noms de l’hôte qui est compromis prend le contrôle du nœud et de toutes ses charges de travail. Le standard de sécurité des pods Kubernetes « restricted » interdit tout cela ; lorsqu’une application ne peut pas s’y conformer (videobridges sur le réseau de l’hôte), socle enregistre une exception de conception pour cette règle et cet objet.',
    remediation: 'Définissez runAsNonRoot: true (ou un runAsUser non nul), allowPrivilegeEscalation: false, sans privileged ni hostNetwork/hostPID/hostIPC, et étiquetez les espaces de noms `pod-security.kubernetes.io/enforce: restricted` ; ou enregistrez une exception de conception qui nomme la règle.',
  },
  'security-read-only-root-filesystem': {
    title: 'Les conteneurs ont un système de fichiers racine en lecture seule',
    rationale:
      'Un attaquant qui exécute du code dans un conteneur dont la racine est inscriptible peut modifier l’application elle-même et s’y maintenir ; une racine en lecture seule cantonne les écritures aux volumes déclarés. Plusieurs images amont ont besoin d’une racine inscriptible, ce que socle enregistre comme exceptions de conception.',
    remediation: 'Définissez securityContext.readOnlyRootFilesystem: true et montez un emptyDir pour chaque chemin où l’image écrit ; ou enregistrez une exception de conception avec sa raison.',
  },
  'security-network-policy': {
    title: 'Chaque espace de noms refuse le trafic par défaut',
    rationale:
      'Sans NetworkPolicy de refus par défaut, chaque pod peut joindre tous les autres pods et Internet : une application compromise atteint toutes les bases de données, et n’importe quel composant peut envoyer des données n’importe où. Des autorisations explicites documentent ensuite chaque flux.',
    remediation: 'Ajoutez à chaque espace de noms une NetworkPolicy avec `podSelector: {}`, `policyTypes: [Ingress, Egress]` et aucune règle, puis des autorisations explicites (ingress → applications, applications → leurs bases de données, DNS, média Jitsi).',
  },
  'security-image-pinning': {
    title: 'Les images sont figées sur une version exacte',
    rationale:
      'Une étiquette flottante télécharge ce que l’éditeur a publié en dernier : un changement non relu, peut-être une image compromise, et des nœuds qui exécutent un code différent pour le même manifeste.',
    remediation: 'Figez chaque image sur une étiquette de version exacte (`jitsi/jvb:stable-10314`), idéalement avec son condensat (`@sha256:…`).',
  },
  'availability-replicas': {
    title: 'Les services sans état tournent avec au moins deux réplicas',
    rationale:
      'Avec un seul réplica, chaque vidage de nœud, mise à jour ou panne est une interruption de service. Deux réplicas sur des nœuds différents (N+1) maintiennent le service pendant chacun de ces événements.',
    remediation: 'Portez `replicas` à 2 ou plus (le plan de dimensionnement le fait dès le pilote), ou utilisez l’édition qui permet plusieurs instances.',
  },
  'availability-pdb': {
    title: 'Les charges de travail répliquées ont un PodDisruptionBudget',
    rationale:
      'Sans PodDisruptionBudget, le vidage d’un nœud (mise à jour, maintenance) peut évincer tous les réplicas à la fois ; avec un budget qui n’autorise aucune éviction, les vidages restent bloqués indéfiniment.',
    remediation: 'Ajoutez un PodDisruptionBudget qui sélectionne les pods de la charge de travail avec maxUnavailable: 1 (ou un minAvailable inférieur au nombre de réplicas).',
  },
  'availability-zone-spread': {
    title: 'Réplicas et nœuds sont répartis sur les zones de disponibilité de la région',
    rationale:
      'Une région à trois zones (OVHcloud EU-WEST-PAR) ne survit à la perte d’une zone que si chaque composant répliqué et chaque groupe de nœuds a des membres dans plusieurs zones.',
    remediation: 'Ajoutez une topologySpreadConstraint sur topology.kubernetes.io/zone à chaque charge de travail répliquée ; renseignez availability_zone sur chaque instance et répartissez les groupes de nœuds sur `cloud.availabilityZones`.',
  },
  'availability-database-quorum': {
    title: 'Les bases de données tournent avec un quorum de trois membres',
    rationale:
      'Une base de données répliquée élit son primaire à la majorité : avec moins de trois membres, une seule panne arrête les écritures (ou expose à un « split brain »), et un replica set MongoDB pair ne tolère pas plus de pannes que le nombre impair inférieur.',
    remediation: 'Faites tourner trois membres (CloudNativePG `instances: 3`, replica sets MongoDB de 3, Redis/RabbitMQ de 3), un par nœud et par zone.',
  },
  'availability-jitsi-shards': {
    title: 'Jitsi tourne avec au moins deux shards',
    rationale:
      'Prosody et jicofo ne peuvent pas être répliqués au sein d’un shard : un shard unique est un point de défaillance unique pour toutes les réunions (manuel Jitsi, installation évolutive). Deux shards avec un routage attaché à la salle maintiennent les réunions disponibles.',
    remediation: 'Prévoyez au moins deux shards (le plan de dimensionnement le fait dès le pilote) et générez un jicofo par shard.',
  },
  'availability-backups': {
    title: 'Les sauvegardes sont configurées, conservées et stockées hors site',
    rationale:
      'Les réplicas protègent contre la panne d’un nœud, pas contre la suppression, la corruption, un rançongiciel ou la perte d’un site (OVHcloud SBG, mars 2021). Les sauvegardes exigent une durée de conservation et une copie dans une autre région.',
    remediation: 'Renseignez `backups` (region, schedule, retentionDays) avec une région située sur un autre site ; faites sauvegarder chaque base de données vers le stockage objet de cette région.',
  },
  'licence-onlyoffice': {
    title: 'L’édition d’ONLYOFFICE couvre la charge de coédition prévue',
    rationale:
      'ONLYOFFICE Docs Community refuse l’édition au-delà de 20 connexions simultanées et ne peut pas être mis en grappe : à la charge prévue, des rédacteurs seraient refusés et le service n’aurait aucune redondance.',
    remediation: 'Indiquez `apps.onlyoffice.edition: enterprise` avec une licence dimensionnée pour les connexions simultanées prévues, ou corrigez l’hypothèse de coédition si elle est fausse.',
  },
  'licence-rocketchat': {
    title: 'L’édition de Rocket.Chat couvre les instances et la simultanéité prévues',
    rationale:
      'Rocket.Chat Community ne fait tourner qu’une instance (ni multi-instance, ni microservices) et désactive la présence au-delà de 200 utilisateurs simultanés : un déploiement hautement disponible ou de grande taille exige l’édition Enterprise. De plus, Rocket.Chat 7 restreint un espace de travail sans licence valide dont les statistiques ne parviennent pas à Rocket.Chat Cloud (États-Unis) : sans aucun rapport, la restriction est immédiate ; sinon, elle intervient 10 jours après le dernier (les utilisateurs ne peuvent plus envoyer ni modifier de messages). socle bloque ces statistiques (residency-telemetry) : un espace Community passe donc en lecture seule.',
    remediation: 'Indiquez `apps.rocketchat.edition: enterprise` avec une licence pour les utilisateurs prévus. Sous socle, l’édition Community exigerait d’envoyer ses statistiques à Rocket.Chat Cloud, hors de la juridiction.',
  },
  'waiver-expired': {
    title: 'Aucune dérogation n’a dépassé sa date d’échéance',
    rationale:
      'Une dérogation est une décision qui a un responsable et une date de révision. Passé cette date, personne n’a réexaminé le risque : les constats qu’elle couvrait comptent de nouveau, et l’échéance dépassée est elle-même signalée.',
    remediation: 'Réexaminez le risque avec le responsable de la dérogation : corrigez les constats, ou renouvelez la dérogation avec une nouvelle échéance et une justification à jour.',
  },
};
