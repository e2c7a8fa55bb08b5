import type { Message, ModelResponse, Usage } from '../model/types.js';
import { formatValidationErrors } from '../tools/validate.js';
import { CONFIRMATION_PROMPT, CONTINUE_NUDGE, classifyConfirmation, parseLoopOutput } from './completion.js';
import { Termination, type RunHost } from './run-host.js';
import { assistantMessage, stepRecord } from './state.js';
import type { StepRecord } from './types.js';

/**
 * A step whose response has no tool calls, under the run's completion policy: `first-text` (with optional output
 * schema and corrective turns), `confirm` (the COMPLETED:/CONTINUE: protocol, bounded) or `stop-tool` (one nudge).
 * Returns the termination, or undefined to continue.
 */
export function completeText(h: RunHost, response: ModelResponse, index: number, requestInfo: StepRecord['request'], usage: Usage, started: number): Termination | undefined {
  const record = stepRecord(index, response, requestInfo, usage, h.clock.now() - started, h.lastFit);
  const text = response.text;
  const completion = h.o.completion ?? { mode: 'first-text' as const };
  const push = (...ms: Message[]): void => {
    h.st.messages.push(...ms);
  };
  const assistant = assistantMessage(response, []);
  if (completion.mode === 'confirm') {
    const prompt = completion.prompt ?? CONFIRMATION_PROMPT;
    if (!h.st.confirmationPending) {
      push(assistant, { role: 'user', content: prompt });
      h.st.confirmationPending = true;
      h.recordStep(record);
      return undefined;
    }
    const { verdict, remainder } = classifyConfirmation(text);
    h.emit({ type: 'confirmation', verdict });
    if (verdict === 'completed') {
      push(assistant);
      h.recordStep(record);
      return new Termination('completed', undefined, parseLoopOutput(remainder));
    }
    if (verdict === 'continue') {
      push(assistant, { role: 'user', content: CONTINUE_NUDGE });
      h.st.confirmationPending = false;
      h.recordStep(record);
      return undefined;
    }
    h.st.confirmations += 1;
    if (h.st.confirmations >= (completion.maxConfirmations ?? 2)) {
      push(assistant);
      h.recordStep(record);
      return new Termination('completed', 'unconfirmed', parseLoopOutput(text));
    }
    push(assistant, { role: 'user', content: prompt });
    h.recordStep(record);
    return undefined;
  }
  if (completion.mode === 'stop-tool') {
    if (!h.st.nudged) {
      h.st.nudged = true;
      push(assistant, { role: 'user', content: `Call the \`${completion.toolName}\` tool with your final answer.` });
      h.recordStep(record);
      return undefined;
    }
    push(assistant);
    h.recordStep(record);
    return new Termination('completed', 'no_final_tool', parseLoopOutput(text));
  }
  const output = parseLoopOutput(text);
  if (h.o.outputSchema !== undefined) {
    const verdict = h.validator.validate(h.o.outputSchema, output);
    if (!verdict.valid) {
      const detail = formatValidationErrors(verdict.errors);
      if (h.st.outputRepairs < (h.o.maxOutputRepairs ?? 1)) {
        h.st.outputRepairs += 1;
        push(assistant, { role: 'user', content: `Your answer does not match the required output schema: ${detail}. Reply again with a JSON object that satisfies it.` });
        h.recordStep(record);
        return undefined;
      }
      push(assistant);
      h.recordStep(record);
      return new Termination('invalid_output', detail, output);
    }
  }
  push(assistant);
  h.recordStep(record);
  return new Termination('completed', undefined, output);
}
