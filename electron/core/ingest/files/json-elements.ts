/** One element of a large array is still parsed whole: refuse one that is itself absurdly large. */
export const MAX_ELEMENT_CHARS = 256 * 1024 * 1024;

export interface JsonElement {
  /** The top-level key whose array held the element. */
  key: string;
  text: string;
  /** The line the element starts on, for messages. */
  line: number;
}

/**
 * Cuts the elements of chosen top-level arrays out of streamed JSON text, e.g. each trace of Jaeger's
 * `{"data": [...]}` or each `resourceSpans` entry of an OTLP request, without holding the whole document.
 * Several documents may follow one another (one per line). It only tracks nesting and strings: each
 * element is checked by JSON.parse and its schema afterwards.
 */
export class JsonElementSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private expectKey = false;
  private keyStart = -1;
  private keyText = '';
  private lastKey = '';
  private capturing: string | null = null;
  private elementStart = -1;
  private elementParts: string[] = [];
  private elementChars = 0;
  private elementLine = 0;
  private lineCount = 1;
  private endsWithNewline = false;
  /** Documents seen, so a caller can tell an empty array from no document at all. */
  documents = 0;

  constructor(
    private readonly keys: ReadonlySet<string>,
    private readonly onElement: (element: JsonElement) => void,
  ) {}

  push(chunk: string): void {
    const length = chunk.length;
    if (length > 0) this.endsWithNewline = chunk.charCodeAt(length - 1) === 10;
    for (let i = 0; i < length; i++) {
      const code = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === 92) this.escaped = true;
        else if (code === 34) {
          this.inString = false;
          if (this.keyStart !== -1) {
            this.keyText += chunk.slice(this.keyStart, i);
            this.lastKey = this.keyText;
            this.keyStart = -1;
          }
        }
        continue;
      }
      switch (code) {
        case 10:
          this.lineCount++;
          break;
        case 34:
          this.inString = true;
          if (this.depth === 1 && this.expectKey) {
            this.expectKey = false;
            this.keyStart = i + 1;
            this.keyText = '';
          }
          break;
        case 123:
        case 91:
          this.depth++;
          if (this.depth === 1) {
            this.documents++;
            this.expectKey = code === 123;
            this.lastKey = '';
          } else if (this.depth === 2 && code === 91 && this.keys.has(this.lastKey)) {
            this.capturing = this.lastKey;
          } else if (this.depth === 3 && this.capturing !== null) {
            this.elementStart = i;
            this.elementLine = this.lineCount;
          }
          break;
        case 125:
        case 93:
          // A stray closer in a broken file must not push later documents below the top level.
          if (this.depth === 0) break;
          this.depth--;
          if (this.depth === 2 && this.elementStart !== -1) this.emit(chunk, i + 1);
          else if (this.depth === 1) this.capturing = null;
          break;
        case 44:
          if (this.depth === 1) this.expectKey = true;
          break;
      }
    }
    if (this.keyStart !== -1) {
      this.keyText += chunk.slice(this.keyStart);
      this.keyStart = 0;
    }
    if (this.elementStart !== -1) {
      const part = chunk.slice(this.elementStart);
      this.elementChars += part.length;
      if (this.elementChars > MAX_ELEMENT_CHARS) {
        throw new Error(`the element starting on line ${this.elementLine} is larger than 256 MiB`);
      }
      this.elementParts.push(part);
      this.elementStart = 0;
    }
  }

  /** Lines seen so far. */
  get lines(): number {
    return this.endsWithNewline ? this.lineCount - 1 : this.lineCount;
  }

  /** Whether the text ended inside a document (a truncated file). */
  get unfinished(): boolean {
    return this.depth !== 0;
  }

  private emit(chunk: string, end: number): void {
    const tail = chunk.slice(this.elementStart, end);
    const text = this.elementParts.length === 0 ? tail : this.elementParts.join('') + tail;
    this.elementParts = [];
    this.elementChars = 0;
    this.elementStart = -1;
    this.onElement({ key: this.capturing ?? '', text, line: this.elementLine });
  }
}
