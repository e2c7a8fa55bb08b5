/**
 * Absolute container paths that a test may read (`/root/…`, `/app/…`, Harbor's `/tests` and `/logs`). System paths
 * such as `/bin`, `/usr`, `/dev` and `/tmp` are fine on the host and are not matched.
 */
const CONTAINER_PATH = /(?<![\w$}.~-])\/(root|app|tests|logs|workspace|home|opt|data|output|mnt|srv|solution)(?=\/|\b)/g;

/** The distinct container paths a text refers to, sorted. */
export function containerPathsIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(CONTAINER_PATH)) found.add(`/${match[1] ?? ''}`);
  return [...found].sort();
}
