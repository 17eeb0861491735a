import { NotebookPen } from 'lucide-react';
import { NotBuiltYet } from '../../components/NotBuiltYet';

export function PostmortemScreen() {
  return (
    <NotBuiltYet icon={NotebookPen} title="Post-mortem">
      <p>
        Draft the post-mortem from what the incident already recorded: its timeline, alerts, changes and
        findings. Edit it here, then export it as Markdown, HTML, PDF or Word.
      </p>
    </NotBuiltYet>
  );
}
