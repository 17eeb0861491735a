import {
  BellRing,
  BookOpenCheck,
  CircleDot,
  GitCommitHorizontal,
  Lightbulb,
  MessageSquare,
  Rocket,
  SearchCheck,
  Wrench,
  type LucideIcon,
} from 'lucide-react';
import type { TimelineEntry } from '../../shared/model/incident';

/** One icon per kind of timeline entry, the same on the incident overview and the investigation. */
export const timelineIcons: Record<TimelineEntry['kind'], LucideIcon> = {
  alert: BellRing,
  deploy: Rocket,
  change: GitCommitHorizontal,
  status: CircleDot,
  note: MessageSquare,
  finding: SearchCheck,
  hypothesis: Lightbulb,
  runbook: BookOpenCheck,
  action: Wrench,
};
