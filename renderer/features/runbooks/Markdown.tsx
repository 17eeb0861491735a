import { useMemo } from 'react';
import { renderRunbookMarkdown } from './text';

export function Markdown({ text, className }: { text: string; className?: string }) {
  const html = useMemo(() => renderRunbookMarkdown(text), [text]);
  // The renderer escapes raw HTML and drops unsafe links, so this is markup we produced ourselves.
  return <div className={`rb-markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
