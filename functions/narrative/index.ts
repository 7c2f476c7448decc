export { chartAlt } from './chart-block.js';
export { formatNumber, formatPercent, joinList, numberToWords } from './filters.js';
export { LIMITS, TEMPLATE_ROOTS } from './liquid-engine.js';
export { loadTemplateFolder } from './load-template-folder.js';
export { markdownToBlocks } from './markdown-to-blocks.js';
export type { FigureRead } from './read-recorder.js';
export {
  type Narrative,
  type NarrativeScope,
  renderNarrative,
  type WordLimitWarning,
} from './render-narrative.js';
export {
  TemplateError,
  type TemplateErrorKind,
  type TemplateIssue,
  TemplateLoadError,
  type TemplatePart,
  TemplateSchemaError,
} from './template-error.js';
export {
  type Manifest,
  manifestSchema,
  parseManifest,
  parseTemplateSource,
  type SectionManifest,
  type TemplateSource,
  type TemplateSourceInput,
  templateSourceSchema,
} from './template-schema.js';
export { validateTemplate } from './validate-template.js';
export { countWords } from './word-count.js';
