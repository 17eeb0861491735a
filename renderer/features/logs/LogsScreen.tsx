import { ScrollText } from 'lucide-react';
import { NotBuiltYet } from '../../components/NotBuiltYet';
import { OverviewLink } from '../OverviewLink';

export function LogsScreen() {
  return (
    <NotBuiltYet
      icon={ScrollText}
      title="Logs"
      meanwhile={
        <OverviewLink>
          Log lines for the incident window are already cached locally: the incident overview shows how many,
          and how many of them are errors.
        </OverviewLink>
      }
    >
      <p>
        Search every log line cached for the selected time range, full-text and by service and level, even
        with the network down. Repetitive lines will collapse into templates, so the one new error pattern
        stands out from the noise.
      </p>
    </NotBuiltYet>
  );
}
