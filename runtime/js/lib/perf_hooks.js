'use strict';
// node:perf_hooks — the `performance` timeline (marks, measures,
// timerify, eventLoopUtilization), PerformanceObserver, and histograms
// (createHistogram, monitorEventLoopDelay).
//
// Not in Nodus: resource timing entries, `performance.nodeTiming`, Node
// 24's `createSlidingWindowHistogram` and `importHistogram`;
// observers see 'mark', 'measure' and 'function' entries (no 'gc', 'http',
// 'net' or 'dns' entries are produced).

const perf = require('internal/perf');
const { createHistogram, monitorEventLoopDelay } = require('internal/histogram');

const constants = Object.freeze({
  __proto__: null,
  NODE_PERFORMANCE_GC_MAJOR: 4,
  NODE_PERFORMANCE_GC_MINOR: 1,
  NODE_PERFORMANCE_GC_INCREMENTAL: 8,
  NODE_PERFORMANCE_GC_WEAKCB: 16,
  NODE_PERFORMANCE_GC_FLAGS_NO: 0,
  NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
  NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
  NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
  NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
  NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
  NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
});

module.exports = {
  Performance: perf.Performance,
  PerformanceEntry: perf.PerformanceEntry,
  PerformanceMark: perf.PerformanceMark,
  PerformanceMeasure: perf.PerformanceMeasure,
  PerformanceObserver: perf.PerformanceObserver,
  PerformanceObserverEntryList: perf.PerformanceObserverEntryList,
  PerformanceResourceTiming: perf.PerformanceResourceTiming,
  monitorEventLoopDelay,
  // Node 24 exports these two of performance's methods at the top too.
  eventLoopUtilization: perf.performance.eventLoopUtilization,
  timerify: perf.performance.timerify,
  createHistogram,
  performance: perf.performance,
  constants,
};
