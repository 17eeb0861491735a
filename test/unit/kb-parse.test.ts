import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../electron/core/kb/load';
import { parseKbFile } from '../../electron/core/kb/parse';
import { formatProblem } from '../../electron/core/kb/schema';
import { tempDir } from '../support/temp';

function write(dir: string, relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), text);
}

describe('knowledge-base files', () => {
  it('accepts an incident with only id, title and a body', () => {
    const result = parseKbFile('a.md', 'incident', '---\nid: INC-1\ntitle: Checkout down\n---\nIt broke.\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.body).toBe('It broke.');
    expect(result.document.kind === 'incident' && result.document.fields.symptoms).toEqual([]);
  });

  it('reads a lone string as a one-element list and a sentence with ": " as the sentence', () => {
    const text = [
      '---',
      'id: INC-2',
      'title: Pods pending',
      'services: checkout',
      'symptoms:',
      '  - Pods Pending with "0/3 nodes are available: insufficient cpu"',
      'tags: [cpu, 42]',
      'owner: someone',
      '---',
    ].join('\n');
    const result = parseKbFile('b.md', 'incident', text);
    expect(result.ok).toBe(true);
    if (!result.ok || result.document.kind !== 'incident') return;
    expect(result.document.fields.services).toEqual(['checkout']);
    expect(result.document.fields.symptoms).toEqual([
      'Pods Pending with "0/3 nodes are available: insufficient cpu"',
    ]);
    expect(result.document.fields.tags).toEqual(['cpu', '42']);
  });

  it('reports a broken file with its file, line and field, and still loads the others', () => {
    const kb = tempDir();
    write(kb, 'incidents/good.md', '---\nid: GOOD\ntitle: Fine\n---\n');
    write(kb, 'incidents/bad.md', "---\nid: BAD\ntitle: Broken\ndate: '2024-02-30'\nseverity: SEV9\n---\n");
    write(kb, 'incidents/untitled.md', '---\nid: NOTITLE\n---\n');
    write(kb, 'incidents/dup.md', '---\nid: GOOD\ntitle: Same id\n---\n');
    const { documents, problems } = loadKnowledgeBase(kb);
    expect(documents.map((d) => d.fields.id)).toEqual(['GOOD']);
    const lines = problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.field}`);
    expect(lines).toContain('bad.md:4: date');
    expect(lines).toContain('bad.md:5: severity');
    expect(lines).toContain('untitled.md:1: title');
    expect(lines).toContain('good.md:1: id');
    expect(formatProblem(problems.find((p) => p.field === 'severity')!)).toMatch(
      /bad\.md:5: severity: .*SEV9/,
    );
  });

  it('refuses hostile YAML without hanging or polluting objects', () => {
    const bomb = [
      '---',
      'id: BOMB',
      'title: laughs',
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      '---',
    ].join('\n');
    const bombed = parseKbFile('bomb.md', 'incident', bomb);
    expect(bombed.ok).toBe(false);

    const proto = parseKbFile(
      'proto.md',
      'incident',
      '---\nid: P\ntitle: t\n__proto__:\n  polluted: true\n---\n',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(proto.ok).toBe(true);
    if (proto.ok) expect(Object.getPrototypeOf(proto.document.fields)).toBe(Object.prototype);

    const tagged = parseKbFile('tag.md', 'incident', '---\nid: !!js/function "x"\ntitle: t\n---\n');
    expect(tagged.ok && tagged.document.fields.id).toBe('x');

    const unclosed = parseKbFile('open.md', 'incident', '---\nid: X\ntitle: no end\n');
    expect(unclosed.ok ? [] : unclosed.problems.map((p) => p.field)).toEqual(['(front matter)']);

    const notMapping = parseKbFile('list.md', 'incident', '---\n- a\n- b\n---\n');
    expect(notMapping.ok).toBe(false);
  });
});
