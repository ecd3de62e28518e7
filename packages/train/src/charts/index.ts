export {
  type EvaluationSeries,
  type FloorLine,
  type LossChartOptions,
  type LossPanel,
  type LossPoint,
  lossChartPanels,
  type PanelSeries,
  renderLossChart,
} from './loss-chart';
export { type GridImage, renderImagePng, renderSampleGrid, type SampleGridOptions } from './sample-grid';
