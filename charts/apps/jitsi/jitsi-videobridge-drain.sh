#!/bin/sh
# preStop of a Jitsi videobridge (socle): stop taking conferences, let the running ones end, then exit.
# The bridge's private REST server (127.0.0.1:8080 only: socle's custom-jvb.conf) answers
# POST /colibri/shutdown {"graceful-shutdown": true|false} (jitsi-videobridge
# rest/root/colibri/shutdown/Shutdown.java). Graceful: no new conferences, running ones go on; at
# 0 participants the bridge exits after its shutting-down delay (shutdown/ShutdownManager.kt,
# reference.conf shutting-down-delay = 1 minute), and the image's finish script stops the container
# (docker-jitsi-meet jvb/rootfs/etc/services.d/jvb/finish). Past $1 seconds, a non-graceful
# request tells jicofo to move the remaining participants to other bridges before the exit.
set -u
api=http://127.0.0.1:8080
request_shutdown() {
  curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "{\"graceful-shutdown\": $1}" "$api/colibri/shutdown"
}
# Any HTTP answer means the bridge still runs; a refused connection means it has exited.
running() { curl -s -o /dev/null "$api/about/health"; }

if [ "$(request_shutdown true)" != 200 ]; then
  echo "graceful shutdown refused: is SHUTDOWN_REST_ENABLED (and COLIBRI_REST_ENABLED) set?" >&2
  exit 1
fi
deadline=$(($(date +%s) + $1))
while running && [ "$(date +%s)" -lt "$deadline" ]; do sleep 10; done
if running; then
  request_shutdown false >/dev/null
  while running; do sleep 5; done
fi
