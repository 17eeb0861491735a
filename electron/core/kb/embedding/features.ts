import { conceptsHinting, conceptsIn, rawTokens, stem, words } from '../text';

/**
 * Structured fields travel inside the embedded text as marked lines (`@service checkout`), so any embedder
 * can read the same input while the hashed one gives each field its own namespace and weight.
 */
export const markers = ['service', 'alert', 'template', 'tag', 'cause', 'category'] as const;
export type Marker = (typeof markers)[number];

const WEIGHT = {
  word: 1,
  bigram: 0.6,
  chargram: 0.12,
  concept: 2,
  service: 1.5,
  alert: 1.2,
  template: 0.6,
  tag: 1,
  cause: 0.5,
  categoryConcept: 1,
};

export function markedLine(marker: Marker, value: string): string {
  return `@${marker} ${value.replace(/\s+/g, ' ').trim()}`;
}

type Bag = Map<string, number>;

const add = (bag: Bag, key: string, weight: number) => bag.set(key, (bag.get(key) ?? 0) + weight);

function addProse(bag: Bag, text: string, scale: number): void {
  const stems = words(text);
  stems.forEach((w, i) => {
    add(bag, `w:${w}`, WEIGHT.word * scale);
    const next = stems[i + 1];
    if (next !== undefined) add(bag, `b:${w}_${next}`, WEIGHT.bigram * scale);
  });
  for (const token of rawTokens(text)) {
    if (token.length < 4 || /^\d+$/.test(token)) continue;
    const padded = `#${token}#`;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++)
        add(bag, `g:${padded.slice(i, i + n)}`, WEIGHT.chargram * scale);
    }
  }
  for (const concept of conceptsIn(text)) add(bag, `c:${concept.id}`, WEIGHT.concept * scale);
}

/** Weighted feature counts of one embedding input, keyed by namespace and value. */
export function textFeatures(text: string): Bag {
  const bag: Bag = new Map();
  for (const line of text.split('\n')) {
    const marked = /^@(\w+) (.*)$/.exec(line);
    const marker = markers.find((m) => m === marked?.[1]);
    const value = marked?.[2] ?? '';
    if (!marker) addProse(bag, line, 1);
    else if (marker === 'cause') addProse(bag, value, WEIGHT.cause);
    else if (marker === 'category') {
      for (const concept of conceptsHinting(value)) add(bag, `c:${concept.id}`, WEIGHT.categoryConcept);
    } else if (marker === 'template') {
      addProse(bag, value.replace(/<\*>/g, ' '), WEIGHT.template);
      for (const token of rawTokens(value)) add(bag, `t:${stem(token)}`, WEIGHT.template);
    } else {
      add(bag, `${marker}:${value.toLowerCase()}`, WEIGHT[marker]);
      addProse(bag, value, 0.5);
    }
  }
  return bag;
}
