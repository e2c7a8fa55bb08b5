/** This package's version, recorded in the migration ledger and backup manifests (a test keeps it equal to package.json). */
export const PACKAGE_VERSION = '0.1.0';
