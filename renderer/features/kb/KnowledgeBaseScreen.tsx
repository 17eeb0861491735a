import { LibraryBig } from 'lucide-react';
import { NotBuiltYet } from '../../components/NotBuiltYet';

export function KnowledgeBaseScreen() {
  return (
    <NotBuiltYet icon={LibraryBig} title="Knowledge base">
      <p>
        Search your team&apos;s notes, service guides and past post-mortems, synced from a shared git
        repository and readable offline. The incident you are working on will be matched against past ones
        that looked alike.
      </p>
    </NotBuiltYet>
  );
}
