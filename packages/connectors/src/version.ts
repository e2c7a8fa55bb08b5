/** This package's version, reported to MCP servers as the client version. */
export const CONNECTORS_VERSION = '0.1.0';
