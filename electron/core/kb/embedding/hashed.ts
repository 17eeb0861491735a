import type { CorpusEmbedder } from './embedder';
import { textFeatures } from './features';

/** Document frequencies are kept per hashed feature in a space far larger than the vector, so collisions are rare. */
const DF_BUCKETS = 1 << 18;
const HEADER_BYTES = 8;
const MAGIC = 0x6b623031;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Hashed TF-IDF: words, word bigrams, character 3–5-grams and the structured namespaces, signed-hashed into
 * a fixed number of dimensions and L2-normalised, so cosine similarity is a dot product. Needs no download.
 */
export class HashedTfIdfEmbedder implements CorpusEmbedder {
  readonly id: string;
  private documents = 0;
  private df = new Uint32Array(DF_BUCKETS);
  private fitted = new Map<string, Map<string, number>>();

  constructor(readonly dimensions = 1024) {
    this.id = `hashed-tfidf-v1-${dimensions}`;
  }

  /** Returns null for bytes that are not a saved model of this kind, so the caller can re-index instead. */
  static restore(saved: Uint8Array, dimensions = 1024): HashedTfIdfEmbedder | null {
    if (saved.byteLength !== HEADER_BYTES + DF_BUCKETS * 4) return null;
    const view = new DataView(saved.buffer, saved.byteOffset, saved.byteLength);
    if (view.getUint32(0, true) !== MAGIC) return null;
    const embedder = new HashedTfIdfEmbedder(dimensions);
    embedder.documents = view.getUint32(4, true);
    for (let i = 0; i < DF_BUCKETS; i++) embedder.df[i] = view.getUint32(HEADER_BYTES + i * 4, true);
    return embedder;
  }

  fit(texts: string[]): void {
    this.documents = texts.length;
    this.df = new Uint32Array(DF_BUCKETS);
    this.fitted = new Map();
    for (const text of texts) {
      const features = textFeatures(text);
      this.fitted.set(text, features);
      for (const key of features.keys()) this.df[fnv1a(key) % DF_BUCKETS]!++;
    }
  }

  save(): Uint8Array {
    const bytes = new Uint8Array(HEADER_BYTES + DF_BUCKETS * 4);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, this.documents, true);
    this.df.forEach((count, i) => view.setUint32(HEADER_BYTES + i * 4, count, true));
    return bytes;
  }

  private idf(hash: number): number {
    return Math.log((this.documents + 1) / (this.df[hash % DF_BUCKETS]! + 1)) + 1;
  }

  embed(texts: string[]): Float32Array[] {
    return texts.map((text) => {
      const vector = new Float32Array(this.dimensions);
      for (const [key, count] of this.fitted.get(text) ?? textFeatures(text)) {
        const hash = fnv1a(key);
        const sign = (hash >>> 31) & 1 ? -1 : 1;
        vector[hash % this.dimensions]! += sign * Math.log1p(count) * this.idf(hash);
      }
      let norm = 0;
      for (const v of vector) norm += v * v;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
      return vector;
    });
  }
}
