#!/bin/sh
# socle: run once, at the first boot of the first server, before RKE2 starts. The first server
# founds the cluster only when no server answers at the registration address (the API load
# balancer's supervisor port). At the cluster's very first bootstrap none can: every other server
# waits to join this one, and a joining server serves nothing before it has joined. A first server
# that is a replacement (tofu apply -replace, a ForceNew change) finds the others and joins them,
# instead of starting a second one-member etcd with the same CA and token.
# usage: rke2-join-existing.sh <file holding the registration URL> <config drop-in to write>
set -eu
url=$(cat "$1")
dropin=$2

attempt=1
while [ "$attempt" -le 12 ]; do
  # /cacerts answers without credentials on every running server (docs.rke2.io, Token Management).
  if curl -sfk --max-time 5 -o /dev/null "$url/cacerts"; then
    mkdir -p "$(dirname "$dropin")"
    printf '{"server": "%s"}\n' "$url" >"$dropin"
    echo "socle: a server answers at $url: joining the existing cluster"
    exit 0
  fi
  attempt=$((attempt + 1))
  sleep 10
done
echo "socle: no server answers at $url: founding the cluster"
