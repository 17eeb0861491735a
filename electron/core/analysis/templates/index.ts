export { createTemplateAssigner, type TemplateAssigner } from './assigner';
export { maskQuoted, maskToken, tokenize, tokenKind, WILDCARD } from './mask';
export {
  createTemplateMiner,
  DEFAULT_TEMPLATE_CONFIG,
  type TemplateMatch,
  type TemplateMiner,
  type TemplateMinerConfig,
  type TemplateSummary,
} from './miner';
