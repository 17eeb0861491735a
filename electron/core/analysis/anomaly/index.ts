export { AnomalyDetector, defaultDetectorOptions, detectAnomalies } from './detector';
export type { DetectorOptions, PointJudgement } from './detector';
export { pearson, spearman } from './correlation';
