<?php
/*
 * socle: prepares one Nextcloud pod's /var/www/html (an emptyDir) after the image's entrypoint has
 * copied the code into it, so that Nextcloud's own start-up checks pass in every pod, not only in
 * the one that ran the installer. Shipped byte for byte in ConfigMap nextcloud-config; run by the
 * init container of the app pods, the cron runs and the install Job (charts/apps/nextcloud/nextcloud.ts says why
 * the layout is this one). Reads environment variables, files and the database; prints no secret.
 *
 *   php nextcloud-prepare.php prepare             socle.config.php, data/.ncdata, the pinned apps;
 *                                                 SOCLE_ROLE=serve also copies the shared maintenance,
 *                                                 waits for the install Job and writes config.php
 *                                                 (installed, version)
 *   php nextcloud-prepare.php state               "new", or "installed <version>" (install Job)
 *   php nextcloud-prepare.php write-config <ver>  config.php with installed and that version
 * The install Job's record of what it does (oc_appconfig, app id socle):
 *   php nextcloud-prepare.php begin-upgrade       shared maintenance on when this release is not the
 *                                                 database's, then waits until every pod sees it
 *   php nextcloud-prepare.php run-failed <status> says so in the shared maintenance, if it is on
 *   php nextcloud-prepare.php record-version <v>  the version the schema is at
 *   php nextcloud-prepare.php record-release      this release, and the shared maintenance off, at once
 *
 * Environment: SOCLE_ROLE (serve|install), SOCLE_RELEASE, POSTGRES_HOST/POSTGRES_USER/POSTGRES_PASSWORD;
 * NEXTCLOUD_ROOT, SOCLE_CONFIG_FILE, SOCLE_SHARED_MAINTENANCE_FILE, SOCLE_APPS_FILE (JSON list: id,
 * version, sha256, url), SOCLE_DB_DSN, SOCLE_WAIT_SECONDS, SOCLE_WAIT_INTERVAL, SOCLE_MAINTENANCE_SETTLE
 * default to the pod's values (the tests set them).
 */

const NCDATA = "# Nextcloud data directory\n";

function env(string $name, ?string $default = null): string {
	$value = getenv($name);
	if ($value === false || $value === '') {
		if ($default === null) {
			fail("environment variable $name is not set");
		}
		return $default;
	}
	return $value;
}

function fail(string $message): never {
	fwrite(STDERR, "socle prepare: $message\n");
	exit(1);
}

function say(string $message): void {
	fwrite(STDOUT, "socle prepare: $message\n");
}

function root(): string {
	return rtrim(env('NEXTCLOUD_ROOT', '/var/www/html'), '/');
}

function database(): PDO {
	$dsn = getenv('SOCLE_DB_DSN') ?: 'pgsql:host=' . env('POSTGRES_HOST') . ';dbname=nextcloud';
	$user = getenv('POSTGRES_USER') ?: null;
	$password = getenv('POSTGRES_PASSWORD') ?: null;
	return new PDO($dsn, $user, $password, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_TIMEOUT => 10]);
}

/**
 * What the database says: null when Nextcloud's schema isn't there yet, else socle's marker
 * (oc_appconfig rows of app id "socle": release, version), possibly empty.
 */
function marker(PDO $db): ?array {
	$exists = $db->getAttribute(PDO::ATTR_DRIVER_NAME) === 'pgsql'
		? $db->query("SELECT to_regclass('public.oc_appconfig') IS NOT NULL")->fetchColumn()
		: $db->query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'oc_appconfig'")->fetchColumn();
	if (!$exists) {
		return null;
	}
	$rows = $db->query("SELECT configkey, configvalue FROM oc_appconfig WHERE appid = 'socle'")->fetchAll(PDO::FETCH_KEY_PAIR);
	return $rows;
}

/**
 * Writes socle's marker, all keys at once (null deletes one). Directly, not through occ: while an
 * upgrade is pending, occ offers only the upgrade commands. oc_appconfig's other columns (type, lazy)
 * have defaults (core/Migrations/Version29000Date20240124132201, …132202); Nextcloud never reads app
 * id socle.
 */
function record(array $values): void {
	$db = database();
	$db->beginTransaction();
	$delete = $db->prepare("DELETE FROM oc_appconfig WHERE appid = 'socle' AND configkey = ?");
	$insert = $db->prepare("INSERT INTO oc_appconfig (appid, configkey, configvalue) VALUES ('socle', ?, ?)");
	foreach ($values as $key => $value) {
		$delete->execute([$key]);
		if ($value !== null) {
			$insert->execute([$key, $value]);
		}
	}
	$db->commit();
}

const UTC = 'Y-m-d\\TH:i:s\\Z';

/**
 * Before `occ upgrade` moves the schema: every serving pod in maintenance (nextcloud-shared-maintenance.php),
 * unless this release is the database's already (a rerun with nothing to upgrade). Then waits three
 * times the 5 s those pods keep their answer, so that no request or cron run that starts afterwards
 * sees the schema move. A request already running is not waited for: Nextcloud's own maintenance
 * doesn't either (lib/base.php checks it when a request starts, cron.php before its first job).
 */
function beginUpgrade(): void {
	$release = env('SOCLE_RELEASE');
	$marker = marker(database()) ?? [];
	if (($marker['maintenance'] ?? '') === '' && ($marker['release'] ?? '') === $release) {
		say("release \"$release\" is the database's already: no shared maintenance");
		return;
	}
	record(['maintenance' => "upgrading to \"$release\" since " . gmdate(UTC)]);
	if (($marker['maintenance'] ?? '') !== '') {
		say('shared maintenance still on (a previous run failed): upgrading again');
		return;
	}
	$settle = (int)env('SOCLE_MAINTENANCE_SETTLE', '15');
	say("shared maintenance on; waiting {$settle}s until every serving pod sees it");
	sleep($settle);
}

/** A failed install Job run: the shared maintenance, if on, stays on and says why (the Job retries). */
function runFailed(string $status): void {
	$marker = marker(database()) ?? [];
	if (($marker['maintenance'] ?? '') === '') {
		return;
	}
	$release = env('SOCLE_RELEASE');
	record(['maintenance' => "upgrade to \"$release\" failed at " . gmdate(UTC) . " (exit $status): maintenance stays on until a run of the nextcloud-install Job succeeds; its log says why"]);
}

/** config.php: the only values of a pod's own: whether the instance is installed, and at which version. */
function writeConfig(string $version): void {
	$file = root() . '/config/config.php';
	$CONFIG = [];
	if (is_file($file)) {
		include $file;
	}
	$CONFIG['installed'] = true;
	$CONFIG['version'] = $version;
	// A failed `occ upgrade` leaves maintenance on in this pod's config.php (Updater::upgrade): the
	// shared maintenance stands for it, and a retry's occ commands need the apps loaded.
	unset($CONFIG['maintenance']);
	if (file_put_contents($file, "<?php\n\$CONFIG = " . var_export($CONFIG, true) . ";\n") === false) {
		fail("cannot write $file");
	}
	chmod($file, 0640);
}

/** The data directory Nextcloud checks on every request (OC_Util::checkDataDirectoryValidity). */
function dataDirectory(): void {
	$dir = root() . '/data';
	if (!is_dir($dir) && !mkdir($dir, 0770, true)) {
		fail("cannot create $dir");
	}
	chmod($dir, 0770);
	if (file_put_contents("$dir/.ncdata", NCDATA) === false) {
		fail("cannot write $dir/.ncdata");
	}
}

function installedAppVersion(string $dir): ?array {
	$info = "$dir/appinfo/info.xml";
	if (!is_file($info)) {
		return null;
	}
	$xml = simplexml_load_file($info);
	return $xml === false ? null : ['id' => (string)$xml->id, 'version' => (string)$xml->version];
}

/** One pinned app: downloaded, checked against its SHA-256, unpacked into custom_apps/<id>. */
function installApp(array $app): void {
	$target = root() . '/custom_apps/' . $app['id'];
	$present = installedAppVersion($target);
	if ($present !== null && $present['version'] === $app['version']) {
		return;
	}
	$work = sys_get_temp_dir() . '/socle-app-' . $app['id'] . '-' . getmypid();
	$archive = "$work.tar.gz";
	$context = stream_context_create(['http' => ['timeout' => 60, 'follow_location' => 1]]);
	if (!@copy($app['url'], $archive, $context)) {
		fail("cannot download {$app['id']} {$app['version']} from {$app['url']}");
	}
	$sha256 = hash_file('sha256', $archive);
	if ($sha256 !== $app['sha256']) {
		unlink($archive);
		fail("{$app['url']} has SHA-256 $sha256, not the pinned {$app['sha256']}: refusing it");
	}
	(new PharData($archive))->extractTo($work, null, true);
	unlink($archive);
	$unpacked = installedAppVersion("$work/{$app['id']}");
	if ($unpacked === null || $unpacked['id'] !== $app['id'] || $unpacked['version'] !== $app['version']) {
		fail("{$app['url']} does not hold app {$app['id']} {$app['version']}");
	}
	if ($present !== null) {
		exec('rm -rf ' . escapeshellarg($target));
	}
	if (!rename("$work/{$app['id']}", $target)) {
		fail("cannot move {$app['id']} into " . dirname($target));
	}
	exec('rm -rf ' . escapeshellarg($work));
	say("{$app['id']} {$app['version']} unpacked");
}

/** Serving pods start once the install Job has brought the database to this release. */
function waitForRelease(): string {
	$release = env('SOCLE_RELEASE');
	$deadline = time() + (int)env('SOCLE_WAIT_SECONDS', '1800');
	$interval = (int)env('SOCLE_WAIT_INTERVAL', '10');
	$seen = 'no answer from the database';
	while (true) {
		try {
			$marker = marker(database());
			if ($marker !== null && ($marker['release'] ?? '') === $release && ($marker['version'] ?? '') !== '') {
				return $marker['version'];
			}
			$seen = $marker === null ? 'not installed yet' : 'release "' . ($marker['release'] ?? 'none') . '"' . (($marker['maintenance'] ?? '') === '' ? '' : "; {$marker['maintenance']}");
		} catch (PDOException $e) {
			$seen = 'database unreachable';
		}
		if (time() >= $deadline) {
			fail("the nextcloud-install Job has not brought the database to \"$release\" ($seen)");
		}
		say("waiting for the nextcloud-install Job: $seen");
		sleep($interval);
	}
}

function prepare(): void {
	$root = root();
	if (!is_file("$root/version.php")) {
		fail("$root/version.php is missing: the image's entrypoint has not copied Nextcloud here");
	}
	$configDir = "$root/config";
	if (!is_dir($configDir) || !is_writable($configDir)) {
		fail("$configDir is not a writable directory");
	}
	$socleConfig = env('SOCLE_CONFIG_FILE', '/socle/socle.config.php');
	if (!copy($socleConfig, "$configDir/socle.config.php")) {
		fail("cannot copy $socleConfig into $configDir");
	}
	chmod("$configDir/socle.config.php", 0640);
	if (!is_dir("$root/custom_apps") && !mkdir("$root/custom_apps", 0750)) {
		fail("cannot create $root/custom_apps");
	}
	$apps = env('SOCLE_APPS_FILE', '/socle/apps.json');
	foreach (json_decode((string)file_get_contents($apps), true, 4, JSON_THROW_ON_ERROR) as $app) {
		installApp($app);
	}
	$role = env('SOCLE_ROLE');
	$sharedMaintenance = "$configDir/shared-maintenance.config.php";
	if ($role === 'serve') {
		$file = env('SOCLE_SHARED_MAINTENANCE_FILE', '/socle/shared-maintenance.config.php');
		if (!copy($file, $sharedMaintenance)) {
			fail("cannot copy $file into $configDir");
		}
		chmod($sharedMaintenance, 0640);
		$version = waitForRelease();
		dataDirectory();
		writeConfig($version);
		// The installer's marker: an installed instance never offers the web installer.
		@unlink("$configDir/CAN_INSTALL");
		say("ready: Nextcloud $version, release " . env('SOCLE_RELEASE'));
	} elseif ($role === 'install') {
		// The Job runs occ, upgrade included, out of the shared maintenance it sets for the others.
		@unlink($sharedMaintenance);
		// A first install creates data/.ncdata itself (lib/private/Setup.php); an upgrade needs it.
		if (marker(database()) !== null) {
			dataDirectory();
		}
	} else {
		fail("SOCLE_ROLE must be serve or install, not \"$role\"");
	}
}

function state(): void {
	$marker = marker(database());
	if ($marker === null) {
		echo "new\n";
		return;
	}
	if (($marker['version'] ?? '') === '') {
		fail('the database holds a Nextcloud schema that socle did not record (no socle/version in oc_appconfig): restore it, or set it with occ config:app:set socle version --value <config.php version>');
	}
	echo "installed {$marker['version']}\n";
}

try {
	match ($argv[1] ?? '') {
		'prepare' => prepare(),
		'state' => state(),
		'write-config' => writeConfig($argv[2] ?? fail('write-config needs a version')),
		'begin-upgrade' => beginUpgrade(),
		'run-failed' => runFailed($argv[2] ?? fail('run-failed needs the exit status')),
		'record-version' => record(['version' => $argv[2] ?? fail('record-version needs a version')]),
		'record-release' => record(['release' => env('SOCLE_RELEASE'), 'maintenance' => null]),
		default => fail('usage: nextcloud-prepare.php prepare|state|write-config <version>|begin-upgrade|run-failed <status>|record-version <version>|record-release'),
	};
} catch (PDOException $e) {
	// The driver's message names the server, never the password.
	fail('database: ' . $e->getMessage());
}
