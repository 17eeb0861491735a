import { useState } from 'react';
import { MarkdownEditor } from '../../components/MarkdownEditor';
import { addIncidentNote } from '../../state/incidents';
import { useAction } from './useAction';

/** Writes a Markdown note onto the incident's timeline. */
export function NoteComposer({ incidentId }: { incidentId: string }) {
  const [markdown, setMarkdown] = useState('');
  const { busy, error, run } = useAction('add the note');
  const submit = () => {
    if (!markdown.trim() || busy) return;
    void run(() => addIncidentNote({ id: incidentId, markdown })).then((ok) => ok && setMarkdown(''));
  };
  return (
    <section className="card note-composer" aria-label="Add a note">
      <h2 className="card__title">Add a note</h2>
      <MarkdownEditor
        label="Note"
        value={markdown}
        onChange={setMarkdown}
        onSubmit={submit}
        height={120}
        placeholder="What you saw, tried or decided…"
      />
      <div className="note-composer__actions">
        {error && (
          <span className="form-error" role="alert">
            {error}
          </span>
        )}
        <button
          type="button"
          className="btn btn--primary btn--small"
          disabled={busy || !markdown.trim()}
          onClick={submit}
        >
          {busy ? 'Adding…' : 'Add to timeline'}
        </button>
      </div>
    </section>
  );
}
