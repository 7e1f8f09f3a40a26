/**
 * Chart colours: the Okabe-Ito palette, distinguishable with common colour
 * vision deficiencies; every chart also has a table or labels with the values.
 */
export const CHART_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
  '#999999',
  '#882255',
];
