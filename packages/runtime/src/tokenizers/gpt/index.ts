/**
 * `@agent33/runtime/tokenizers/gpt`: exact token counting for OpenAI tokenizer families over the optional peer
 * `gpt-tokenizer` (install it beside the runtime to use this entry).
 */
export { GptTokenizerCounter, counterForModel, encodingForModel } from './gpt-counter.js';
export type { GptEncodingName } from './gpt-counter.js';
