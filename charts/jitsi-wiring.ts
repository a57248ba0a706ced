/**
 * What Rocket.Chat and Jitsi share: the JWT that lets the chat's call button open a meeting on the
 * authority's Jitsi (one Secret name, one value in both namespaces; prosody verifies it).
 */
import { NAMESPACES } from './namespaces.js';
import { literal, random, type SecretSpec } from './secret-catalogue.js';

export const JITSI_JWT_SECRET = 'jitsi-jwt';
/** The `iss`/`aud` Jitsi expects in tokens (prosody's JWT_APP_ID). */
export const JITSI_JWT_APP_ID = 'socle';

export const jitsiJwtSecret = (): SecretSpec => ({
  name: JITSI_JWT_SECRET,
  namespaces: [NAMESPACES.jitsi, NAMESPACES.rocketchat],
  values: { 'app-id': literal(JITSI_JWT_APP_ID), 'app-secret': random(48) },
  purpose: 'JWT between Rocket.Chat (signs meeting tokens) and Jitsi prosody (verifies them)',
  manualReaders: {
    // Rocket.Chat 7 keeps video-conference settings in its Jitsi app (Apps-Engine), not in env or files.
    [NAMESPACES.rocketchat]: 'the administrator enters it as the Jitsi app secret in Rocket.Chat (Administration > Apps > Jitsi), with the values of ConfigMap rocketchat-jitsi',
  },
});
