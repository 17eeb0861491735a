/**
 * Turns texts into fixed-length vectors. The default is a hashed TF-IDF model built from the indexed corpus;
 * a local sentence model (ONNX) can stand in for it as long as it keeps `id` and `dimensions` stable.
 */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Float32Array[];
}

/** An embedder whose weights come from the corpus being indexed, saved with the index and restored for queries. */
export interface CorpusEmbedder extends Embedder {
  fit(texts: string[]): void;
  save(): Uint8Array;
}

export const isCorpusEmbedder = (embedder: Embedder): embedder is CorpusEmbedder =>
  'fit' in embedder && 'save' in embedder;
