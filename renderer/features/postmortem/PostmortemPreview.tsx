import { useMemo } from 'react';
import type { ChartSpec, PostmortemSource } from '../../../shared/methods/postmortem';
import { previewSegments } from './markdown';
import { PostmortemChart } from './PostmortemChart';

interface PostmortemPreviewProps {
  markdown: string;
  incidentId: string;
  charts: ChartSpec[];
  sources: PostmortemSource[];
}

export function PostmortemPreview({ markdown, incidentId, charts, sources }: PostmortemPreviewProps) {
  const segments = useMemo(
    () => previewSegments(markdown, incidentId, sources),
    [markdown, incidentId, sources],
  );
  const chartById = useMemo(() => new Map(charts.map((chart) => [chart.evidenceId, chart])), [charts]);
  return (
    <article className="pm-preview" data-testid="postmortem-preview">
      {segments.map((segment, index) =>
        segment.kind === 'html' ? (
          <div key={index} dangerouslySetInnerHTML={{ __html: segment.html }} />
        ) : (
          <PostmortemChart
            key={index}
            evidenceId={segment.evidenceId}
            spec={segment.evidenceId === null ? undefined : chartById.get(segment.evidenceId)}
          />
        ),
      )}
    </article>
  );
}
