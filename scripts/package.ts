/**
 * npm run package — builds appPackage/appPackage.zip, the Teams app to upload to the tenant's app catalogue.
 *
 * Reads TEAMS_APP_ID, MicrosoftAppId and BASE_URL (https) from the environment, and optionally
 * APP_VERSION, PRIVACY_URL and TERMS_OF_USE_URL (see manifest/README.md). Refuses, naming each
 * problem and with exit code 1, when a value is missing or still a placeholder or the manifest does
 * not validate against the official schema.
 */
import path from 'node:path';
import { buildAppPackage, PackageRefused } from './app-package';

function main(): number {
  const outDir = path.resolve(__dirname, '..', 'appPackage');
  try {
    const built = buildAppPackage(process.env, { outDir });
    for (const w of built.warnings) console.warn(`warning: ${w}`);
    const m = built.manifest as { id: string; version: string; webApplicationInfo: { resource: string } };
    console.log(
      `wrote ${path.relative(process.cwd(), built.zipPath) || built.zipPath} (${Object.keys(built.files).join(', ')})`,
    );
    console.log(`  app id ${m.id}, version ${m.version}, SSO resource ${m.webApplicationInfo.resource}`);
    return 0;
  } catch (err) {
    if (err instanceof PackageRefused) {
      console.error(err.message);
      console.error('Set the values in the environment (see manifest/README.md) and run npm run package again.');
      return 1;
    }
    throw err;
  }
}

process.exitCode = main();
