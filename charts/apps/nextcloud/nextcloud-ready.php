<?php
/*
 * socle: readiness of a Nextcloud app pod. Asks the pod's own nginx for status.php with a trusted
 * host name in Host (kubelet's httpGet would send the pod IP, which Nextcloud answers with 400,
 * lib/base.php OC::init), and is ready only when Nextcloud says it is installed and needs no
 * upgrade: status.php answers 200 in those states too, so its code alone proves nothing.
 * In maintenance the pod is ready only during the shared maintenance of an upgrade (the value
 * config/shared-maintenance.config.php returns, nextcloud-shared-maintenance.php): the old pods then
 * keep answering Nextcloud's own 503 maintenance page, with Retry-After, while the new release's
 * pods wait for the install Job. Without a ready pod the edge has no endpoint and Traefik answers
 * 404, as for an unknown host (traefik/traefik#9242: allowEmptyServices is off by default). A pod
 * whose release is not the database's, or that can't read socle's record, is not ready.
 * Shipped byte for byte in ConfigMap nextcloud-config.
 *
 *   php nextcloud-ready.php <status.php URL> <host name>
 *
 * Environment: the container's (SOCLE_RELEASE, POSTGRES_*); NEXTCLOUD_ROOT defaults to /var/www/html.
 */
[, $url, $host] = $argv + [null, null, null];
if ($url === null || $host === null) {
	fwrite(STDERR, "usage: nextcloud-ready.php <status.php URL> <host name>\n");
	exit(2);
}
$context = stream_context_create(['http' => ['header' => "Host: $host\r\n", 'timeout' => 5, 'ignore_errors' => true, 'follow_location' => 0]]);
$body = @file_get_contents($url, false, $context);
$statusLine = $http_response_header[0] ?? 'no answer';
if ($body === false || !preg_match('#^HTTP/\S+ 200\b#', $statusLine)) {
	fwrite(STDERR, "not ready: $statusLine\n");
	exit(1);
}
$status = json_decode($body, true);
if (!is_array($status) || ($status['installed'] ?? null) !== true || ($status['needsDbUpgrade'] ?? null) !== false || !is_bool($status['maintenance'] ?? null)) {
	fwrite(STDERR, 'not ready: ' . substr($body, 0, 200) . "\n");
	exit(1);
}
if ($status['maintenance']) {
	$shared = rtrim(getenv('NEXTCLOUD_ROOT') ?: '/var/www/html', '/') . '/config/shared-maintenance.config.php';
	$why = is_file($shared) ? (static fn () => include $shared)() : null;
	if (($why['kind'] ?? null) !== 'upgrade') {
		fwrite(STDERR, 'not ready: in maintenance' . ($why === null ? '' : ": {$why['message']}") . "\n");
		exit(1);
	}
}
