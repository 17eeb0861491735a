import { BookOpenCheck } from 'lucide-react';
import { NotBuiltYet } from '../../components/NotBuiltYet';

export function RunbooksScreen() {
  return (
    <NotBuiltYet icon={BookOpenCheck} title="Runbooks">
      <p>
        Step through interactive runbooks during the incident: read each step, run its command only after you
        confirm it, and watch the output stream in. Every step taken will be written to the incident timeline.
      </p>
    </NotBuiltYet>
  );
}
