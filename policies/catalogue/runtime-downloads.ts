/**
 * Code that workloads fetch from a third party while they run (not at image build time): each
 * entry is a marker in a container's command, arguments or mounted scripts, and where it fetches from.
 */

export interface RuntimeDownload {
  id: string;
  marker: RegExp;
  host: string;
  /** What is fetched, in words. */
  fetches: string;
  fix: string;
  source: string;
}

export const RUNTIME_DOWNLOADS: readonly RuntimeDownload[] = [
  {
    id: 'github-release-download',
    // A GitHub release asset named in a pod's command, arguments or mounted files.
    marker: /https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/releases\/download\//,
    host: 'github.com',
    fetches: 'release archives (GitHub releases)',
    fix: "copy them to the authority's artifact store (`artifacts.url`)",
    source: 'charts/apps/nextcloud/nextcloud-apps.ts (upstream release addresses, used without artifacts.url)',
  },
  {
    id: 'nextcloud-app-store',
    // `occ app:install`, or the installer's downloadApp() called directly.
    marker: /\bocc\s+app:install\b|->downloadApp\(/,
    host: 'apps.nextcloud.com',
    fetches: 'Nextcloud app code (app store)',
    fix: 'bake the apps into an image kept in the mirror registry',
    source: 'nextcloud/server lib/private/Installer.php (downloadApp from appstoreurl, default https://apps.nextcloud.com/api/v1)',
  },
];
