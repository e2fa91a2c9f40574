/**
 * The Microsoft 365 Agents Toolkit CLI (`atk`) the toolkit suite runs: a pinned version installed by
 * `scripts/ensure-atk-cli.ts` into .cache/ — not a project dependency (it is ~450 MB and only checks
 * the app package). `atk validate --manifest-file` works offline once installed.
 */
import path from 'node:path';

export const atkCliVersion = '1.1.17';
export const atkCliPrefix = path.resolve(__dirname, '..', '.cache', `m365agentstoolkit-cli-${atkCliVersion}`);
export const atkCliEntry = path.join(atkCliPrefix, 'node_modules', '@microsoft', 'm365agentstoolkit-cli', 'cli.js');
