import { concepts, stopWords, type Concept } from './vocabulary';

/** Splits camelCase and PascalCase names (alert names, exceptions) into words before lowercasing. */
export function rawTokens(text: string): string[] {
  const spaced = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return spaced.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** A light suffix stripper: enough to meet "timed out"/"timeout", "connections"/"connection". */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) w = w.slice(0, -1);
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Content words, stemmed, without stop words. */
export function words(text: string): string[] {
  return rawTokens(text)
    .filter((t) => !stopWords.has(t) && t.length > 1)
    .map(stem);
}

interface CompiledPhrase {
  concept: Concept;
  parts: { text: string; prefix: boolean }[];
}

const compiled: CompiledPhrase[] = concepts.flatMap((concept) =>
  concept.phrases.map((phrase) => {
    const prefix = phrase.endsWith('*');
    const tokens = rawTokens(prefix ? phrase.slice(0, -1) : phrase);
    return {
      concept,
      parts: tokens.map((text, index) => ({ text, prefix: prefix && index === tokens.length - 1 })),
    };
  }),
);

const byFirstToken = new Map<string, CompiledPhrase[]>();
const prefixFirst: CompiledPhrase[] = [];
for (const phrase of compiled) {
  const first = phrase.parts[0];
  if (!first) continue;
  if (first.prefix) prefixFirst.push(phrase);
  else byFirstToken.set(first.text, [...(byFirstToken.get(first.text) ?? []), phrase]);
}

function matchesAt(tokens: string[], start: number, phrase: CompiledPhrase): boolean {
  return phrase.parts.every((part, offset) => {
    const token = tokens[start + offset];
    if (token === undefined) return false;
    return part.prefix ? token.startsWith(part.text) : token === part.text;
  });
}

/** The concepts of the incident vocabulary that the text mentions, each once. */
export function conceptsIn(text: string): Concept[] {
  const tokens = rawTokens(text);
  const found = new Map<string, Concept>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const candidates = [
      ...(byFirstToken.get(token) ?? []),
      ...prefixFirst.filter((p) => token.startsWith(p.parts[0]!.text)),
    ];
    for (const phrase of candidates) {
      if (!found.has(phrase.concept.id) && matchesAt(tokens, i, phrase)) {
        found.set(phrase.concept.id, phrase.concept);
      }
    }
  }
  return [...found.values()];
}

export const conceptsHinting = (category: string): Concept[] =>
  concepts.filter((concept) => concept.hints.some((hint) => hint === category));
