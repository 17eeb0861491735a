import { BellRing, ChartLine, FileSearch, ScrollText, Waypoints, type LucideIcon } from 'lucide-react';
import type { SourceType } from '../../../shared/model/source';

export interface OptionHint {
  key: string;
  hint: string;
}

export interface SourceTypeInfo {
  label: string;
  /** The icon of the signal it brings, the same one the Explore areas use. */
  icon: LucideIcon;
  signal: string;
  /** One line: what this source gives the workbench. */
  explanation: string;
  urlExample: string;
  /** Null when the type pulls everything it has and takes no query. */
  query: { meaning: string; example: string } | null;
  options: OptionHint[];
}

/** The same words as docs/sources.md, so the form and `iwb source add --help` never disagree. */
export const sourceTypeInfo: Record<SourceType, SourceTypeInfo> = {
  prometheus: {
    label: 'Prometheus',
    icon: ChartLine,
    signal: 'metrics',
    explanation: 'Metrics: pulls the series of each query over the sync window.',
    urlExample: 'http://prometheus:9090',
    query: { meaning: 'A selector or PromQL expression', example: 'rate(http_requests_total[1m])' },
    options: [{ key: 'step', hint: 'resolution, e.g. 15s; by default it follows the window' }],
  },
  alertmanager: {
    label: 'Alertmanager',
    icon: BellRing,
    signal: 'alerts',
    explanation:
      'Alerts and silences; firing alerts open incidents, grouped by alert name and service label.',
    urlExample: 'http://alertmanager:9093',
    query: null,
    options: [],
  },
  loki: {
    label: 'Loki',
    icon: ScrollText,
    signal: 'logs',
    explanation: 'Logs: pulls the lines of each LogQL stream selector.',
    urlExample: 'http://loki:3100',
    query: { meaning: 'A LogQL selector', example: '{namespace="shop"}' },
    options: [{ key: 'limit', hint: 'page size (lines per request), default 5000' }],
  },
  elasticsearch: {
    label: 'Elasticsearch / OpenSearch',
    icon: FileSearch,
    signal: 'logs',
    explanation: 'Logs from Elasticsearch or OpenSearch indices.',
    urlExample: 'http://elasticsearch:9200',
    query: {
      meaning: 'An index pattern, optionally followed by a Lucene query',
      example: 'logs-* level:error',
    },
    options: [
      { key: 'flavor', hint: 'elasticsearch (default) or opensearch' },
      { key: 'timestamp_field', hint: 'default @timestamp' },
      { key: 'message_field', hint: 'default message' },
      { key: 'level_field', hint: 'default log.level' },
      { key: 'service_field', hint: 'default service.name' },
      { key: 'trace_field', hint: 'default trace.id' },
      { key: 'size', hint: 'page size, default 1000' },
    ],
  },
  jaeger: {
    label: 'Jaeger',
    icon: Waypoints,
    signal: 'traces',
    explanation: 'Traces from the Jaeger query API, one service (or operation) per query.',
    urlExample: 'http://jaeger:16686',
    query: { meaning: 'A service, or service:operation', example: 'checkout:POST /pay' },
    options: [{ key: 'limit', hint: 'traces per request, default 500' }],
  },
  tempo: {
    label: 'Tempo',
    icon: Waypoints,
    signal: 'traces',
    explanation: 'Traces from Grafana Tempo, found by search and fetched whole.',
    urlExample: 'http://tempo:3200',
    query: { meaning: 'A TraceQL query, or tags', example: '{ resource.service.name = "checkout" }' },
    options: [{ key: 'limit', hint: 'traces per search, default 500' }],
  },
};
