import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// src/ and dist/ both sit one level below the package root.
const pkg = require('../package.json') as { name: string; version: string };

/** The app's package name. */
export const APP_NAME: string = pkg.name;
/** The app's version, from its package.json. */
export const APP_VERSION: string = pkg.version;
