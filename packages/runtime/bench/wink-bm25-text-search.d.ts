// Minimal types for the untyped benchmark peer `wink-bm25-text-search` (bench only).
declare module 'wink-bm25-text-search' {
  type PrepTask = ((input: string) => string | string[]) | ((input: string[]) => string[]);
  interface WinkBm25Engine {
    defineConfig(config: { fldWeights: Record<string, number>; bm25Params?: { k1?: number; b?: number; k?: number } }): boolean;
    definePrepTasks(tasks: PrepTask[], field?: string): number;
    addDoc(doc: Record<string, string>, id: string | number): number;
    consolidate(fp?: number): boolean;
    search(text: string, limit?: number): Array<[string | number, number]>;
  }
  export default function winkBm25(): WinkBm25Engine;
}
