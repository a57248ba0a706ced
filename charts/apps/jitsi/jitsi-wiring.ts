/**
 * What Rocket.Chat and Jitsi share: the JWT that lets the chat's call button open a meeting on the
 * authority's Jitsi (one Secret name, one value in both namespaces; prosody verifies it).
 */
import type { Environment } from '../../../environments/environment.js';
import { NAMESPACES } from '../../platform/namespaces.js';
import { literal, random, type SecretSpec } from '../../secret-catalogue.js';

export const JITSI_JWT_SECRET = 'jitsi-jwt';
/** The `iss`/`aud` Jitsi expects in tokens (prosody's JWT_APP_ID). */
export const JITSI_JWT_APP_ID = 'socle';

/**
 * With `apps.rocketchat.jitsiApp`, the Job of rocketchat-jitsi-app.ts reads the secret in the
 * rocketchat namespace; without it, an administrator does (Rocket.Chat 7 keeps video-conference
 * settings in its Jitsi app, not in environment variables or files).
 */
export const jitsiJwtSecret = (env: Environment): SecretSpec => ({
  name: JITSI_JWT_SECRET,
  namespaces: [NAMESPACES.jitsi, NAMESPACES.rocketchat],
  values: { 'app-id': literal(JITSI_JWT_APP_ID), 'app-secret': random(48) },
  purpose: 'JWT between Rocket.Chat (signs meeting tokens) and Jitsi prosody (verifies them)',
  ...(env.apps.rocketchat.jitsiApp
    ? {}
    : {
        manualReaders: {
          [NAMESPACES.rocketchat]:
            'the administrator installs the Jitsi app in Rocket.Chat (Administration > Apps), enters the values of ConfigMap rocketchat-jitsi (one per setting id) and this key as jitsi_application_secret, then enables it; apps.rocketchat.jitsiApp (enterprise edition) makes a Job do all of this',
        },
      }),
});
