import Editor, { loader } from '@monaco-editor/react';
import { marked } from 'marked';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import { useMemo, useState } from 'react';
import { useTheme } from '../state/theme';

// Monaco comes from the bundle, never a CDN: the app must work with the network gone.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
loader.config({ monaco });

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Markdown to HTML for previews. Notes are user text: raw HTML shows as text, links keep only http(s) and
 * mailto targets, and images become their alt text because nothing may be fetched from outside.
 */
export function renderMarkdown(markdown: string): string {
  const renderer = new marked.Renderer();
  renderer.html = ({ text }) => escapeHtml(text);
  renderer.image = ({ text }) => escapeHtml(text);
  const link = renderer.link.bind(renderer);
  renderer.link = (token) => (/^(https?:|mailto:)/i.test(token.href) ? link(token) : escapeHtml(token.text));
  return marked.parse(markdown, { async: false, gfm: true, breaks: true, renderer });
}

export function MarkdownPreview({ markdown, className }: { markdown: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(markdown), [markdown]);
  return <div className={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

interface MarkdownEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter: the usual "send" chord in chat and review tools. */
  onSubmit?: () => void;
  height?: number;
  label: string;
  placeholder?: string;
}

type Tab = 'write' | 'preview';

/** A Markdown source editor (Monaco) with a Write / Preview switch. */
export function MarkdownEditor({
  value,
  onChange,
  onSubmit,
  height = 160,
  label,
  placeholder,
}: MarkdownEditorProps) {
  const theme = useTheme((state) => state.theme);
  const [tab, setTab] = useState<Tab>('write');
  // Once the text is sent and cleared, the next note starts in the editor, not on an empty preview.
  if (value === '' && tab === 'preview') setTab('write');
  return (
    <div className="md-editor" data-testid="markdown-editor">
      <div className="md-editor__tabs" role="tablist" aria-label={label}>
        {(['write', 'preview'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className="md-editor__tab"
            onClick={() => setTab(name)}
          >
            {name === 'write' ? 'Write' : 'Preview'}
          </button>
        ))}
        <span className="md-editor__hint">Markdown{onSubmit ? ' · Ctrl+Enter to add' : ''}</span>
      </div>
      <div className="md-editor__body" style={{ height }}>
        <div className="md-editor__pane" hidden={tab !== 'write'}>
          {value === '' && placeholder && <span className="md-editor__placeholder">{placeholder}</span>}
          <Editor
            height={height}
            language="markdown"
            theme={theme === 'dark' ? 'vs-dark' : 'vs'}
            value={value}
            onChange={(next) => onChange(next ?? '')}
            onMount={(editor) => {
              if (onSubmit) editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, onSubmit);
            }}
            options={{
              minimap: { enabled: false },
              lineNumbers: 'off',
              wordWrap: 'on',
              fontSize: 13,
              scrollBeyondLastLine: false,
              renderLineHighlight: 'none',
              overviewRulerLanes: 0,
              folding: false,
              glyphMargin: false,
              lineDecorationsWidth: 8,
              padding: { top: 8, bottom: 8 },
              ariaLabel: label,
              automaticLayout: true,
            }}
          />
        </div>
        {tab === 'preview' && (
          <div className="md-editor__preview">
            <MarkdownPreview markdown={value} />
          </div>
        )}
      </div>
    </div>
  );
}
