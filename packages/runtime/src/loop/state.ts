import type { AssistantMessage, Message, ModelResponse, Usage } from '../model/types.js';
import { zeroUsage } from '../model/usage.js';
import type { FitReport } from '../context/types.js';
import type { PendingToolStep, SerializedRunState, StepRecord } from './types.js';

/** The mutable state of one run; serialisable as {@link SerializedRunState}. */
export class RunState {
  messages: Message[];
  steps: StepRecord[] = [];
  usage: Usage = zeroUsage();
  iteration = 0;
  toolCallsMade = 0;
  readonly toolsUsed = new Set<string>();
  consecutiveErrors = 0;
  confirmations = 0;
  confirmationPending = false;
  outputRepairs = 0;
  loopWindow: string[] = [];
  nudged = false;
  lastText = '';
  lastModel: string;
  pending: PendingToolStep | undefined;

  constructor(
    readonly runId: string,
    readonly model: string,
    messages: Message[],
    readonly startedAt: number,
    readonly agentName?: string,
  ) {
    this.messages = messages;
    this.lastModel = model;
  }

  /** Rebuilds a state from its serialised form. */
  static from(s: SerializedRunState): RunState {
    const st = new RunState(s.runId, s.model, structuredClone(s.messages), s.startedAt, s.agentName);
    st.steps = structuredClone(s.steps);
    st.usage = { ...s.usage };
    st.iteration = s.iteration;
    st.toolCallsMade = s.toolCallsMade;
    for (const t of s.toolsUsed) st.toolsUsed.add(t);
    st.consecutiveErrors = s.consecutiveErrors;
    st.confirmations = s.confirmations;
    st.outputRepairs = s.outputRepairs;
    st.loopWindow = [...s.loopWindow];
    st.nudged = s.nudged;
    if (s.pending !== undefined) st.pending = structuredClone(s.pending);
    const lastStep = st.steps[st.steps.length - 1];
    if (lastStep !== undefined) {
      st.lastText = lastStep.response.text;
      st.lastModel = lastStep.response.model;
    }
    return st;
  }

  serialize(): SerializedRunState {
    const s: SerializedRunState = {
      version: 1,
      runId: this.runId,
      model: this.model,
      messages: structuredClone(this.messages),
      steps: structuredClone(this.steps),
      usage: { ...this.usage },
      iteration: this.iteration,
      toolCallsMade: this.toolCallsMade,
      toolsUsed: [...this.toolsUsed],
      consecutiveErrors: this.consecutiveErrors,
      confirmations: this.confirmations,
      outputRepairs: this.outputRepairs,
      loopWindow: [...this.loopWindow],
      nudged: this.nudged,
      startedAt: this.startedAt,
    };
    if (this.agentName !== undefined) s.agentName = this.agentName;
    if (this.pending !== undefined) s.pending = structuredClone(this.pending);
    return s;
  }
}

/** The assistant message a response adds to the transcript. */
export function assistantMessage(response: ModelResponse, calls = response.toolCalls): AssistantMessage {
  return calls.length > 0 ? { role: 'assistant', content: response.text, toolCalls: calls } : { role: 'assistant', content: response.text };
}

/** A step record. */
export function stepRecord(
  index: number,
  response: ModelResponse,
  request: { messageCount: number; inputTokensEstimate: number },
  usage: Usage,
  durationMs: number,
  context: FitReport | undefined,
  toolOutcomes: StepRecord['toolOutcomes'] = [],
): StepRecord {
  const rec: StepRecord = { index, model: response.model, request, response, toolOutcomes, usage, durationMs };
  if (context !== undefined) rec.context = context;
  return rec;
}
