import type { SourceType } from '../../../../shared/model/source';
import type { Connector } from '../types';
import { alertmanagerConnector } from './alertmanager';
import { elasticsearchConnector } from './elasticsearch';
import { jaegerConnector } from './jaeger';
import { lokiConnector } from './loki';
import { prometheusConnector } from './prometheus';
import { tempoConnector } from './tempo';

export const connectors: ReadonlyMap<SourceType, Connector> = new Map<SourceType, Connector>([
  ['prometheus', prometheusConnector],
  ['alertmanager', alertmanagerConnector],
  ['loki', lokiConnector],
  ['elasticsearch', elasticsearchConnector],
  ['jaeger', jaegerConnector],
  ['tempo', tempoConnector],
]);
