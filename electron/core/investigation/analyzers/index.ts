import type { Analyzer } from '../analyzer';
import { changesAnalyzer } from './changes';
import { correlationAnalyzer } from './correlation';
import { logPatternsAnalyzer } from './log-patterns';
import { logTemplatesAnalyzer } from './log-templates';
import { logVolumeAnalyzer } from './log-volume';
import { metricAnomaliesAnalyzer } from './metric-anomalies';
import { metricThresholdsAnalyzer } from './metric-thresholds';
import { tracesAnalyzer } from './traces';
import { whatChangedAnalyzer } from './what-changed';

/** Every analyzer an investigation runs, in the order their findings are usually read. */
export const defaultAnalyzers: readonly Analyzer[] = [
  changesAnalyzer,
  logPatternsAnalyzer,
  logTemplatesAnalyzer,
  logVolumeAnalyzer,
  metricThresholdsAnalyzer,
  metricAnomaliesAnalyzer,
  correlationAnalyzer,
  tracesAnalyzer,
  whatChangedAnalyzer,
];
