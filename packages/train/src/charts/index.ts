export { type LossChartOptions, type LossPoint, renderLossChart } from './loss-chart';
export { type GridImage, renderImagePng, renderSampleGrid, type SampleGridOptions } from './sample-grid';
