// ECharts' single-file ESM build (echarts/dist/echarts.esm.min.mjs) is the library `echarts` types.
declare module 'echarts/dist/echarts.esm.min' {
  export * from 'echarts';
}
