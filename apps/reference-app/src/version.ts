import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from './app-root.js';

const pkg = JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { name: string; version: string };

/** The app's package name. */
export const APP_NAME: string = pkg.name;
/** The app's version, from its package.json. */
export const APP_VERSION: string = pkg.version;
