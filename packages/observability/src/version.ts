/** The package name, used as the OpenTelemetry meter and tracer scope name. */
export const PACKAGE_NAME = '@agent33/observability';

/** The package version, reported as the instrumentation scope version (kept equal to package.json by a test). */
export const PACKAGE_VERSION = '0.1.0';
