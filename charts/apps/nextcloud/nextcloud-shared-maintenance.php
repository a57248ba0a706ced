<?php
/*
 * socle: the maintenance mode every serving Nextcloud pod (app pods, cron runs) shares. Each pod has
 * its own config.php (charts/apps/nextcloud/nextcloud.ts says why), and Nextcloud's own switch is
 * `maintenance` in config.php: `occ upgrade` turns it on in the install Job's pod only
 * (nextcloud/server stable31 lib/private/Updater.php upgrade), so without this file the other pods
 * keep serving, and cron.php keeps running background jobs, on the schema being migrated. What the
 * admin manual asks of an upgrade holds for every server: users locked out in maintenance until it
 * completes, web server stopped and cron off while `occ upgrade` runs (nextcloud/documentation
 * admin_manual/maintenance/upgrade.rst "Upgrading is disruptive", manual_upgrade.rst steps 4-5, 15-17).
 *
 * Copied as config/shared-maintenance.config.php into serving pods only (nextcloud-prepare.php).
 * Nextcloud includes it after config.php, with every *.config.php, once per request, occ or cron run
 * (lib/private/Config.php readData), so its 'maintenance' => true acts as config.php's would:
 * index.php answers 503 with Retry-After: 120 and X-Nextcloud-Maintenance-Mode: 1 (lib/base.php
 * checkMaintenanceMode, read at 001b12c), WebDAV 503 (apps/dav MaintenancePlugin, an older snapshot
 * read), status.php says maintenance, and cron.php exits before its first job ("We are in maintenance
 * mode, skipping cron").
 *
 * Maintenance is on when socle's record in the database (oc_appconfig, app id socle) says
 * - `maintenance`: the install Job is upgrading the schema (set before `occ upgrade`, cleared with
 *   the new `release`; a failed run leaves it, with why: Updater::upgrade keeps maintenance on too);
 * - a `release` other than this pod's SOCLE_RELEASE: the schema is another release's, and this pod's
 *   code never serves it (after an upgrade the old pods stay in maintenance until they are replaced);
 * - nothing, because the database does not answer within 3 s (a migration's ALTER TABLE locks
 *   oc_appconfig): never serve on a schema that can't be read.
 * The answer is kept 5 s in APCu where PHP has it (PHP-FPM: one query per pod every 5 s, not per
 * request); the install Job waits longer than that between setting `maintenance` and `occ upgrade`.
 *
 * Returns why (kind: upgrade | release | database, and a message), or null: nextcloud-ready.php
 * includes this file too, and keeps a pod ready while it answers the maintenance of an upgrade.
 * Shipped byte for byte in ConfigMap nextcloud-config. Prints nothing (a config file must not).
 */
$socleSharedMaintenance = (static function (): ?array {
	$cacheKey = 'socle-shared-maintenance';
	$apcu = function_exists('apcu_enabled') && apcu_enabled();
	if ($apcu) {
		$cached = apcu_fetch($cacheKey, $hit);
		if ($hit) {
			return $cached === false ? null : $cached;
		}
	}
	$release = (string)getenv('SOCLE_RELEASE');
	try {
		$dsn = getenv('SOCLE_DB_DSN') ?: 'pgsql:host=' . getenv('POSTGRES_HOST') . ';dbname=nextcloud';
		$db = new PDO($dsn, getenv('POSTGRES_USER') ?: null, getenv('POSTGRES_PASSWORD') ?: null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_TIMEOUT => 3]);
		if ($db->getAttribute(PDO::ATTR_DRIVER_NAME) === 'pgsql') {
			$db->exec("SET statement_timeout = '3s'");
		}
		$record = $db->query("SELECT configkey, configvalue FROM oc_appconfig WHERE appid = 'socle' AND configkey IN ('release', 'maintenance')")->fetchAll(PDO::FETCH_KEY_PAIR);
		if (($record['maintenance'] ?? '') !== '') {
			$why = ['kind' => 'upgrade', 'message' => $record['maintenance']];
		} elseif (($record['release'] ?? '') !== $release) {
			$why = ['kind' => 'release', 'message' => 'the database is at release "' . ($record['release'] ?? 'none') . "\", this pod runs \"$release\""];
		} else {
			$why = null;
		}
	} catch (PDOException $e) {
		// The driver's message names the server, never the password.
		$why = ['kind' => 'database', 'message' => 'socle record unreadable: ' . $e->getMessage()];
	}
	if ($apcu) {
		apcu_store($cacheKey, $why ?? false, 5);
	}
	return $why;
})();
$CONFIG = $socleSharedMaintenance === null ? [] : ['maintenance' => true];
return $socleSharedMaintenance;
