/** The expected peak load of an environment, from its users and assumptions. */
import type { Environment } from '../environments/environment.js';
import {
  JITSI_EGRESS_MBPS_PER_PARTICIPANT,
  NEXTCLOUD_POLL_SECONDS,
  NEXTCLOUD_POLLING_SHARE,
  NEXTCLOUD_REQUEST_SECONDS,
  NEXTCLOUD_WORKER_HEADROOM,
} from './assumptions.js';
import type { SizingPlan } from './sizing-plan.js';

export function expectedLoad(env: Environment): SizingPlan['load'] {
  const { users, sizing } = env;
  const concurrentUsers = Math.ceil(users * sizing.concurrentShare);
  const meetingParticipants = Math.ceil(users * sizing.meetingShare);
  const nextcloudRequestsPerSecond = Math.ceil(concurrentUsers / NEXTCLOUD_POLL_SECONDS / NEXTCLOUD_POLLING_SHARE);
  return {
    concurrentUsers,
    meetingParticipants,
    coeditors: Math.ceil(users * sizing.coeditingShare),
    nextcloudRequestsPerSecond,
    phpWorkers: Math.ceil(nextcloudRequestsPerSecond * NEXTCLOUD_REQUEST_SECONDS * NEXTCLOUD_WORKER_HEADROOM),
    videoEgressMbps: Math.ceil(meetingParticipants * JITSI_EGRESS_MBPS_PER_PARTICIPANT),
  };
}
