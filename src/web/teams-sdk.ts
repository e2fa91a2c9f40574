/**
 * The parts of TeamsJS the tab uses, as one module that teams.ts imports dynamically (only when
 * framed by a host), so that esbuild still drops the rest of TeamsJS from the bundle.
 */
export { app, authentication, meeting, pages } from '@microsoft/teams-js';
