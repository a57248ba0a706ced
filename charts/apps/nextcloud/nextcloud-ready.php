<?php
/*
 * socle: readiness of a Nextcloud app pod. Asks the pod's own nginx for status.php with a trusted
 * host name in Host (kubelet's httpGet would send the pod IP, which Nextcloud answers with 400,
 * lib/base.php OC::init), and is ready only when Nextcloud says it is installed, not in maintenance
 * and needs no upgrade: status.php answers 200 in those states too, so its code alone proves nothing.
 * Shipped byte for byte in ConfigMap nextcloud-config.
 *
 *   php nextcloud-ready.php <status.php URL> <host name>
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
$ready = is_array($status) && ($status['installed'] ?? null) === true && ($status['maintenance'] ?? null) === false && ($status['needsDbUpgrade'] ?? null) === false;
if (!$ready) {
	fwrite(STDERR, 'not ready: ' . substr($body, 0, 200) . "\n");
	exit(1);
}
