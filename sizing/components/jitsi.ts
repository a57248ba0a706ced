/** Jitsi Meet: shards (web, prosody, jicofo), videobridges, and the authority's TURN server. */
import type { Environment } from '../../environments/environment.js';
import { JITSI_PARTICIPANTS_PER_SHARD } from '../assumptions.js';
import type { ComponentPlan, SizingPlan } from '../sizing-plan.js';
import { GiB, hashRouterComponent, initStep, resources } from './component.js';

export function jitsiShards(load: SizingPlan['load']): number {
  // A single shard "is not a fail-safe setup" (hpi-schul-cloud/jitsi-deployment architecture.md): ≥ 2.
  return Math.max(2, Math.ceil(load.meetingParticipants / JITSI_PARTICIPANTS_PER_SHARD));
}

/** N+1 bridges, at least 2, and at least one per zone so that each zone keeps a media node. */
export function jitsiBridges(env: Environment, load: SizingPlan['load']): number {
  return Math.max(2, env.cloud.availabilityZones.length, Math.ceil(load.meetingParticipants / env.sizing.participantsPerBridge) + 1);
}

export function jitsiComponents(env: Environment, load: SizingPlan['load']): ComponentPlan[] {
  const shards = jitsiShards(load);
  const bridges = jitsiBridges(env, load);
  const perShard = (name: string, cpu: number, mem: number, limitCpu: number, limitMem: number, why: string, each = 1): ComponentPlan => ({
    name,
    app: 'jitsi',
    kind: 'stateless',
    replicas: each * shards,
    shards,
    requests: resources(cpu, mem),
    limits: resources(limitCpu, limitMem),
    pool: 'general',
    spread: 'preferred',
    rationale: `${each === 1 ? 'one' : each} per shard; ${shards} shards = ${load.meetingParticipants} participants / ${JITSI_PARTICIPANTS_PER_SHARD} per shard, at least 2. ${why}`,
  });
  return [
    hashRouterComponent('jitsi-router', 'jitsi', 'two HAProxy replicas keeping every participant of a room on its shard'),
    // The shard server of the handbook is 4 vCPU / 8 GB for nginx + prosody + jicofo (scalable.md @03da373).
    // Two per shard: the room router's check of a shard goes through its web pods, so a restart of
    // a single one would mark the shard down and move its live rooms (charts/apps/jitsi/jitsi-shard-health.ts).
    // CPU asked per shard pod: what the Schul-Cloud's production shards ask — web 400m, prosody
    // 300m, jicofo 400m (hpi-schul-cloud/jitsi-deployment base/jitsi-shard/{web,prosody,jicofo}-deployment.yaml
    // @463ba81, which the production overlay keeps). Memory stays higher: jicofo's JVM may grow to
    // the -Xmx3072m that jicofo.sh gives it when JICOFO_MAX_MEMORY is unset (jitsi/jicofo
    // resources/jicofo.sh), and prosody's BOSH sessions grow with the rooms.
    perShard('jitsi-web', 400, 512, 1000, GiB, 'Static web app and BOSH/WebSocket proxy; two, so that a web pod restart keeps the shard up.', 2),
    perShard('jitsi-prosody', 300, GiB, 1000, 2 * GiB, 'Prosody is single-threaded: it never uses more than one core, its limit (handbook requirements.md).'),
    perShard('jitsi-jicofo', 400, 1536, 1000, 3 * GiB, 'Conference focus.'),
    {
      name: 'jitsi-videobridge',
      app: 'jitsi',
      kind: 'stateless',
      replicas: bridges,
      // The handbook's bridge is a 4-CPU / 8 GB host (jitsi/handbook scalable.md @03da373); meet.jit.si
      // reserves 4000 MHz / 2048 MB per JVB (jitsi/infra-provisioning jitsi_meet_jvb.nomad.tpl @05489eb)
      // — Nomad counts CPU in MHz, so that is about 1.5 to 2 cores of a 2–3 GHz vCPU, not 4 cores.
      // 3 vCPU asked (what a 4-vCPU node leaves to pods, less TURN), 4 GiB for the JVM heap at 100
      // participants; the limit lets a bridge use the whole node.
      requests: resources(3000, 4 * GiB),
      limits: resources(4000, 8 * GiB),
      helpers: [initStep('custom-config', resources(50, 32), "copies socle's custom-jvb.conf into the config volume (one cp)")],
      pool: 'media',
      spread: 'one-per-node',
      rationale: `${load.meetingParticipants} participants / ${env.sizing.participantsPerBridge} per bridge, +1 spare, at least 2 and one per zone; one per media node (host network, UDP 10000)`,
    },
    {
      name: 'coturn',
      app: 'jitsi',
      kind: 'stateless',
      replicas: 2,
      // TURN relays only the clients whose network blocks UDP: a quarter vCPU asked (assumption; no
      // vendor figure), bursting to 2 vCPU.
      requests: resources(250, 512),
      limits: resources(2000, GiB),
      helpers: [initStep('discover-addresses', resources(50, 32), "writes the node's addresses for TURN (one shell script)")],
      pool: 'media',
      spread: 'one-per-node',
      rationale: "the authority's own TURN/STUN server for networks that block UDP; 2 for availability, on media nodes (public addresses)",
    },
  ];
}
