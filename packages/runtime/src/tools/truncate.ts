/** Default longest tool output the model sees (parity with the reference). */
export const DEFAULT_MAX_TOOL_OUTPUT_CHARS = 15_000;

/**
 * Keeps the head and tail halves of an over-long output with a marker naming the omitted count (parity with the
 * reference's `truncate_tool_output`).
 */
export function truncateToolOutput(output: string, maxChars: number = DEFAULT_MAX_TOOL_OUTPUT_CHARS): { text: string; truncated: boolean } {
  if (output.length <= maxChars) return { text: output, truncated: false };
  const half = Math.floor(maxChars / 2);
  const omitted = output.length - 2 * half;
  return {
    text: `${output.slice(0, half)}\n\n... [truncated ${omitted} characters] ...\n\n${output.slice(output.length - half)}`,
    truncated: true,
  };
}
