'use strict';
// Histograms of node:perf_hooks: `createHistogram()` (RecordableHistogram)
// and `monitorEventLoopDelay()` (IntervalHistogram). Values are bucketed
// as Node's HdrHistogram buckets them (exact below 2 × 10^figures, then
// `figures` significant digits), so min, max, mean, percentiles and the
// `percentiles` map (HdrHistogram's iteration in halving steps) read the
// same as Node's.

const { inspect } = require('internal/util/inspect');
const { validateInteger, validateObject, validateNumber } = require('internal/validators');
const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_ARG_TYPE, ERR_INVALID_THIS, ERR_OUT_OF_RANGE },
} = require('internal/errors');
const { op_process_hrtime_sync: hrtime } = internalBinding('process');

const INT64_MAX = 9223372036854775807;

const kState = Symbol('kState');
const kConstruct = Symbol('kConstruct');

// Bucket geometry of an HdrHistogram with `lowest` and `figures`.
function geometry(lowest, figures) {
  const largestSingleUnit = 2 * 10 ** figures;
  const subBucketCountMagnitude = Math.ceil(Math.log2(largestSingleUnit));
  const subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
  const unitMagnitude = Math.floor(Math.log2(lowest));
  return {
    unitMagnitude,
    subBucketHalfCountMagnitude,
    subBucketCount: 2 ** (subBucketHalfCountMagnitude + 1),
    subBucketMask: (2 ** (subBucketHalfCountMagnitude + 1) - 1) * 2 ** unitMagnitude,
  };
}

// [lowest equivalent value, size of the equivalent range] of `value`.
function bucketOf(g, value) {
  const masked = value < g.subBucketMask ? g.subBucketMask : value;
  const pow2ceiling = Math.floor(Math.log2(masked)) + 1;
  const bucketIndex = pow2ceiling - g.unitMagnitude - (g.subBucketHalfCountMagnitude + 1);
  const shift = 2 ** (bucketIndex + g.unitMagnitude);
  const subBucketIndex = Math.floor(value / shift);
  const lowest = subBucketIndex * shift;
  const adjusted = subBucketIndex >= g.subBucketCount ? bucketIndex + 1 : bucketIndex;
  return [lowest, 2 ** (g.unitMagnitude + adjusted)];
}

function highestEquivalent(g, value) {
  const [low, size] = bucketOf(g, value);
  return low + size - 1;
}

function medianEquivalent(g, value) {
  const [low, size] = bucketOf(g, value);
  return low + Math.floor(size / 2);
}

function newState(lowest, highest, figures) {
  return {
    g: geometry(lowest, figures),
    lowest,
    highest,
    counts: new Map(),
    total: 0,
    min: INT64_MAX,
    max: 0,
    exceeds: 0,
    prevDelta: 0,
  };
}

function sortedBuckets(s) {
  return [...s.counts.keys()].sort((a, b) => a - b);
}

function record(s, value) {
  if (value > s.highest) {
    s.exceeds++;
    return;
  }
  const [low] = bucketOf(s.g, value);
  s.counts.set(low, (s.counts.get(low) || 0) + 1);
  s.total++;
  if (value < s.min) s.min = value;
  if (value > s.max) s.max = value;
}

function valueAtPercentile(s, percentile) {
  if (s.total === 0) return 0;
  const target = Math.max(Math.floor((percentile / 100) * s.total + 0.5), 1);
  let cumulative = 0;
  for (const value of sortedBuckets(s)) {
    cumulative += s.counts.get(value);
    if (cumulative >= target) return highestEquivalent(s.g, value);
  }
  return 0;
}

// HdrHistogram's percentile iteration with one tick per half distance:
// 0, 50, 75, 87.5, … then 100 at the last value.
function percentileMap(s) {
  const out = new Map();
  const buckets = sortedBuckets(s);
  let index = -1;
  let cumulative = 0;
  let value = 0;
  let target = 0;
  const advance = () => {
    if (index + 1 >= buckets.length) return false;
    index++;
    value = buckets[index];
    cumulative += s.counts.get(value);
    return true;
  };
  for (;;) {
    // Each step reports the first value of its bucket, as Node does.
    if (cumulative >= s.total) {
      out.set(100, value);
      return out;
    }
    if (index === -1 && !advance()) {
      out.set(100, 0);
      return out;
    }
    let reported = false;
    do {
      if (100 * cumulative / s.total >= target) {
        out.set(target, value);
        const halfDistance = 2 ** Math.floor(Math.log2(100 / (100 - target)) + 1);
        target += 100 / halfDistance;
        reported = true;
        break;
      }
    } while (advance());
    if (!reported) {
      out.set(100, value);
      return out;
    }
  }
}

function mean(s) {
  if (s.total === 0) return NaN;
  let sum = 0;
  for (const [value, count] of s.counts) sum += count * medianEquivalent(s.g, value);
  return sum / s.total;
}

function stddev(s) {
  if (s.total === 0) return NaN;
  const m = mean(s);
  let sum = 0;
  for (const [value, count] of s.counts) sum += count * (medianEquivalent(s.g, value) - m) ** 2;
  return Math.sqrt(sum / s.total);
}

function state(histogram) {
  const s = histogram !== null && typeof histogram === 'object' ? histogram[kState] : undefined;
  if (s === undefined) throw new ERR_INVALID_THIS('Histogram');
  return s;
}

function checkPercentile(percentile) {
  validateNumber(percentile, 'percentile');
  if (!(percentile > 0 && percentile <= 100)) {
    throw new ERR_OUT_OF_RANGE('percentile', '> 0 && <= 100', percentile);
  }
}

class Histogram {
  constructor(key = undefined) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
  }

  get count() {
    return state(this).total;
  }

  get countBigInt() {
    return BigInt(state(this).total);
  }

  get min() {
    const s = state(this);
    return s.total === 0 ? INT64_MAX : bucketOf(s.g, s.min)[0];
  }

  get minBigInt() {
    const s = state(this);
    return s.total === 0 ? BigInt(INT64_MAX) : BigInt(bucketOf(s.g, s.min)[0]);
  }

  get max() {
    const s = state(this);
    return s.total === 0 ? 0 : highestEquivalent(s.g, s.max);
  }

  get maxBigInt() {
    return BigInt(this.max);
  }

  get mean() {
    return mean(state(this));
  }

  get stddev() {
    return stddev(state(this));
  }

  get exceeds() {
    return state(this).exceeds;
  }

  get exceedsBigInt() {
    return BigInt(state(this).exceeds);
  }

  get percentiles() {
    return percentileMap(state(this));
  }

  get percentilesBigInt() {
    const out = new Map();
    for (const [k, v] of percentileMap(state(this))) out.set(k, BigInt(v));
    return out;
  }

  percentile(percentile) {
    checkPercentile(percentile);
    return valueAtPercentile(state(this), percentile);
  }

  percentileBigInt(percentile) {
    checkPercentile(percentile);
    return BigInt(valueAtPercentile(state(this), percentile));
  }

  reset() {
    const s = state(this);
    s.counts.clear();
    s.total = 0;
    s.min = INT64_MAX;
    s.max = 0;
    s.exceeds = 0;
    s.prevDelta = 0;
  }

  toJSON() {
    return {
      count: this.count, min: this.min, max: this.max, mean: this.mean,
      exceeds: this.exceeds, stddev: this.stddev, percentiles: Object.fromEntries(this.percentiles),
    };
  }

  [inspect.custom](depth, options) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `Histogram ${inspect({
      min: this.min, max: this.max, mean: this.mean, exceeds: this.exceeds,
      stddev: this.stddev, count: this.count, percentiles: this.percentiles,
    }, opts)}`;
  }
}

class RecordableHistogram extends Histogram {
  constructor(key = undefined) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    super(kConstruct);
  }

  record(val) {
    const s = state(this);
    if (typeof val === 'bigint') {
      if (val < 1n || val > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new ERR_OUT_OF_RANGE('val', `>= 1 && <= ${Number.MAX_SAFE_INTEGER}`, val);
      }
      record(s, Number(val));
      return;
    }
    validateInteger(val, 'val', 1);
    record(s, val);
  }

  recordDelta() {
    const s = state(this);
    const t = Number(hrtime());
    if (s.prevDelta > 0) {
      const delta = t - s.prevDelta;
      if (delta > 0) record(s, delta);
    }
    s.prevDelta = t;
  }

  add(other) {
    const s = state(this);
    if (!(other instanceof RecordableHistogram)) throw new ERR_INVALID_ARG_TYPE('other', 'RecordableHistogram', other);
    const o = state(other);
    for (const [value, count] of o.counts) {
      for (let i = 0; i < count; i++) record(s, value);
    }
    s.exceeds += o.exceeds;
  }
}

function limitArg(value, name, min) {
  if (typeof value === 'bigint') value = Number(value);
  validateInteger(value, name, min);
  return value;
}

function createHistogram(options = {}) {
  validateObject(options, 'options');
  const { lowest = 1, highest = Number.MAX_SAFE_INTEGER, figures = 3 } = options;
  const low = limitArg(lowest, 'options.lowest', 1);
  const high = limitArg(highest, 'options.highest', 2 * low);
  validateInteger(figures, 'options.figures', 1, 5);
  const h = new RecordableHistogram(kConstruct);
  h[kState] = newState(low, high, figures);
  return h;
}

// The event-loop delay: an unrefed interval timer of `resolution` ms
// records the time between its ticks in ns (late ticks mean a busy loop).
class IntervalHistogram extends Histogram {
  constructor(key = undefined, resolution) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    super(kConstruct);
    this[kState] = newState(1, Number.MAX_SAFE_INTEGER, 3);
    this[kState].resolution = resolution;
    this[kState].timer = null;
  }

  enable() {
    const s = state(this);
    if (s.timer !== null) return false;
    let prev = Number(hrtime());
    s.timer = setInterval(() => {
      const t = Number(hrtime());
      const delta = t - prev;
      prev = t;
      if (delta > 0) record(s, delta);
    }, s.resolution);
    s.timer.unref();
    return true;
  }

  disable() {
    const s = state(this);
    if (s.timer === null) return false;
    clearInterval(s.timer);
    s.timer = null;
    return true;
  }
}

function monitorEventLoopDelay(options = {}) {
  validateObject(options, 'options');
  const { resolution = 10 } = options;
  validateInteger(resolution, 'options.resolution', 1);
  return new IntervalHistogram(kConstruct, resolution);
}

module.exports = { Histogram, RecordableHistogram, IntervalHistogram, createHistogram, monitorEventLoopDelay };
