#!/bin/sh
# socle: the instance metadata service serves this node's user data, which holds the cluster's
# join tokens (and, on the first server, its CA keys). Only root processes of the node itself may
# reach it (cloud-init, the Cinder CSI node plugin); pods — whose traffic the node forwards — and
# non-root processes get "prohibit" (EACCES) from the routing policy. Locally generated packets are
# looked up with iif lo and the sender's uid; forwarded ones with their inbound interface.
# Run at every boot before RKE2 (socle-metadata-guard.service, which RKE2's unit requires).
set -eu

guard() {
  family=$1
  address=$2
  while ip "$family" rule del priority 1000 2>/dev/null; do :; done
  while ip "$family" rule del priority 1001 2>/dev/null; do :; done
  ip "$family" rule add priority 1000 iif lo uidrange 0-0 to "$address" lookup main
  ip "$family" rule add priority 1001 to "$address" prohibit
}

guard -4 169.254.169.254/32
# Neutron also serves the metadata on IPv6 where the node has it.
if [ -e /proc/net/if_inet6 ]; then
  guard -6 fe80::a9fe:a9fe/128
fi
