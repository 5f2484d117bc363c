'use strict';

// Deep equality as util.isDeepStrictEqual and assert.deepStrictEqual
// (strict) and assert.deepEqual (loose) define it.

const types = require('internal/util/types');

const ObjectIs = Object.is;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectKeys = Object.keys;
const ObjectGetOwnPropertySymbols = Object.getOwnPropertySymbols;
const isEnumerable = (o, k) => Object.prototype.propertyIsEnumerable.call(o, k);
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const ObjectToString = (v) => Object.prototype.toString.call(v);
const DateGetTime = (d) => Date.prototype.getTime.call(d);
const ArrayIsArray = Array.isArray;

const kStrict = true;
const kLoose = false;

function isDeepEqual(a, b) {
  return innerDeepEqual(a, b, kLoose, undefined);
}

function isDeepStrictEqual(a, b) {
  return innerDeepEqual(a, b, kStrict, undefined);
}

function ownEnumerableKeys(obj, strict) {
  const keys = ObjectKeys(obj);
  if (strict) {
    for (const sym of ObjectGetOwnPropertySymbols(obj)) {
      if (isEnumerable(obj, sym)) keys.push(sym);
    }
  }
  return keys;
}

function isIndexKey(key) {
  return typeof key === 'string' && /^(0|[1-9][0-9]*)$/.test(key) && +key < 2 ** 32 - 1;
}

function innerDeepEqual(a, b, strict, memos) {
  if (a === b) return a !== 0 || ObjectIs(a, b) || !strict;
  if (strict) {
    if (typeof a !== 'object') return typeof a === 'number' && Number.isNaN(a) && Number.isNaN(b);
    if (typeof b !== 'object' || a === null || b === null) return false;
    if (ObjectGetPrototypeOf(a) !== ObjectGetPrototypeOf(b)) return false;
  } else {
    if (a === null || typeof a !== 'object') {
      if (b === null || typeof b !== 'object') {
        // eslint-disable-next-line eqeqeq
        return a == b || (Number.isNaN(a) && Number.isNaN(b));
      }
      return false;
    }
    if (b === null || typeof b !== 'object') return false;
  }
  const tagA = ObjectToString(a);
  if (tagA !== ObjectToString(b)) return false;

  if (ArrayIsArray(a)) {
    if (!ArrayIsArray(b) || a.length !== b.length) return false;
    return keyCheck(a, b, strict, memos, kIsArray);
  }
  if (tagA === '[object Object]' && !types.isBoxedPrimitive(a)) {
    return keyCheck(a, b, strict, memos, kNoIterator);
  }
  // Node 24: weak collections and promises are equal only to themselves
  // (their contents cannot be read), in both modes.
  if (types.isWeakMap(a) || types.isWeakSet(a) || types.isPromise(a)) return false;
  if (types.isDate(a)) {
    if (!types.isDate(b) || DateGetTime(a) !== DateGetTime(b)) return false;
  } else if (types.isRegExp(a)) {
    if (!types.isRegExp(b) || a.source !== b.source || a.flags !== b.flags ||
        a.lastIndex !== b.lastIndex) {
      return false;
    }
  } else if (types.isNativeError(a) || a instanceof Error) {
    if ((!types.isNativeError(b) && !(b instanceof Error)) ||
        a.message !== b.message || a.name !== b.name) {
      return false;
    }
  } else if (ArrayBuffer.isView(a)) {
    if (!ArrayBuffer.isView(b)) return false;
    if (!strict && (types.isFloat32Array(a) || types.isFloat64Array(a))) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    } else if (!bytesEqual(a, b)) {
      return false;
    }
    // Only the extra (non-index) keys remain to compare.
    return keyCheck(a, b, strict, memos, kNoIterator, true);
  } else if (types.isSet(a)) {
    if (!types.isSet(b) || a.size !== b.size) return false;
    return keyCheck(a, b, strict, memos, kIsSet);
  } else if (types.isMap(a)) {
    if (!types.isMap(b) || a.size !== b.size) return false;
    return keyCheck(a, b, strict, memos, kIsMap);
  } else if (types.isAnyArrayBuffer(a)) {
    if (!types.isAnyArrayBuffer(b) || a.byteLength !== b.byteLength) return false;
    if (!bytesEqual(new Uint8Array(a), new Uint8Array(b))) return false;
  } else if (types.isBoxedPrimitive(a)) {
    if (!isEqualBoxedPrimitive(a, b)) return false;
  } else if (ArrayIsArray(b) || ArrayBuffer.isView(b) || types.isSet(b) || types.isMap(b) ||
             types.isDate(b) || types.isRegExp(b) || types.isAnyArrayBuffer(b) ||
             types.isBoxedPrimitive(b) || types.isNativeError(b) || b instanceof Error) {
    return false;
  }
  return keyCheck(a, b, strict, memos, kNoIterator);
}

function bytesEqual(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function isEqualBoxedPrimitive(a, b) {
  if (types.isNumberObject(a)) {
    return types.isNumberObject(b) && ObjectIs(Number.prototype.valueOf.call(a), Number.prototype.valueOf.call(b));
  }
  if (types.isStringObject(a)) {
    return types.isStringObject(b) && String.prototype.valueOf.call(a) === String.prototype.valueOf.call(b);
  }
  if (types.isBooleanObject(a)) {
    return types.isBooleanObject(b) && Boolean.prototype.valueOf.call(a) === Boolean.prototype.valueOf.call(b);
  }
  if (types.isBigIntObject(a)) {
    return types.isBigIntObject(b) && BigInt.prototype.valueOf.call(a) === BigInt.prototype.valueOf.call(b);
  }
  if (types.isSymbolObject(a)) {
    return types.isSymbolObject(b) && Symbol.prototype.valueOf.call(a) === Symbol.prototype.valueOf.call(b);
  }
  return false;
}

const kNoIterator = 0;
const kIsArray = 1;
const kIsSet = 2;
const kIsMap = 3;

function keyCheck(a, b, strict, memos, iterationType, skipIndices = false) {
  let aKeys = ownEnumerableKeys(a, strict);
  let bKeys = ownEnumerableKeys(b, strict);
  if (iterationType === kIsArray || skipIndices) {
    aKeys = aKeys.filter((k) => !isIndexKey(k));
    bKeys = bKeys.filter((k) => !isIndexKey(k));
  }
  if (aKeys.length !== bKeys.length) return false;
  for (const key of aKeys) {
    if (!hasOwn(b, key) || (typeof key === 'symbol' && !isEnumerable(b, key))) return false;
  }
  if (aKeys.length === 0 && (iterationType === kNoIterator ||
      (iterationType === kIsArray && a.length === 0) ||
      ((iterationType === kIsSet || iterationType === kIsMap) && a.size === 0))) {
    return true;
  }
  // Cycles: a pair seen before on the current path counts as equal.
  if (memos === undefined) {
    memos = { a: new Map(), b: new Map(), position: 0 };
  } else {
    const memoA = memos.a.get(a);
    if (memoA !== undefined) {
      const memoB = memos.b.get(b);
      if (memoB !== undefined) return memoA === memoB;
    }
    memos.position++;
  }
  memos.a.set(a, memos.position);
  memos.b.set(b, memos.position);
  const result = objEquiv(a, b, strict, aKeys, memos, iterationType);
  memos.a.delete(a);
  memos.b.delete(b);
  return result;
}

function objEquiv(a, b, strict, keys, memos, iterationType) {
  if (iterationType === kIsSet) {
    if (!setEquiv(a, b, strict, memos)) return false;
  } else if (iterationType === kIsMap) {
    if (!mapEquiv(a, b, strict, memos)) return false;
  } else if (iterationType === kIsArray) {
    for (let i = 0; i < a.length; i++) {
      if (hasOwn(a, i)) {
        if (!hasOwn(b, i) || !innerDeepEqual(a[i], b[i], strict, memos)) return false;
      } else if (hasOwn(b, i)) {
        return false;
      } else if (!strict && (a[i] !== undefined || b[i] !== undefined)) {
        return false;
      }
    }
  }
  for (const key of keys) {
    if (!innerDeepEqual(a[key], b[key], strict, memos)) return false;
  }
  return true;
}

function setEquiv(a, b, strict, memos) {
  let pending = null;
  for (const val of a) {
    if (typeof val === 'object' && val !== null) {
      if (pending === null) pending = new Set();
      pending.add(val);
    } else if (!b.has(val)) {
      if (strict) return false;
      if (!setMightHaveLoosePrim(a, b, val)) return false;
      if (pending === null) pending = new Set();
      pending.add(val);
    }
  }
  if (pending !== null) {
    for (const val of b) {
      if (typeof val === 'object' && val !== null) {
        if (!setHasEqualElement(pending, val, strict, memos)) return false;
      } else if (!strict && !a.has(val) && !setHasEqualElement(pending, val, strict, memos)) {
        return false;
      }
    }
    return pending.size === 0;
  }
  return true;
}

function setMightHaveLoosePrim(a, b, prim) {
  for (const v of b) {
    // eslint-disable-next-line eqeqeq
    if (v == prim && !a.has(v)) return true;
  }
  return false;
}

function setHasEqualElement(set, val, strict, memos) {
  for (const candidate of set) {
    if (innerDeepEqual(val, candidate, strict, memos)) {
      set.delete(candidate);
      return true;
    }
  }
  return false;
}

function mapEquiv(a, b, strict, memos) {
  let pending = null;
  for (const [key, item1] of a) {
    if (typeof key === 'object' && key !== null) {
      if (pending === null) pending = new Set();
      pending.add(key);
    } else {
      const item2 = b.get(key);
      if ((item2 === undefined && !b.has(key)) || !innerDeepEqual(item1, item2, strict, memos)) {
        if (strict) return false;
        if (pending === null) pending = new Set();
        pending.add(key);
      }
    }
  }
  if (pending !== null) {
    for (const [key, item] of b) {
      if (typeof key === 'object' && key !== null) {
        if (!mapHasEqualEntry(pending, a, key, item, strict, memos)) return false;
      } else if (!strict && (!a.has(key) || !innerDeepEqual(a.get(key), item, strict, memos)) &&
                 !mapHasEqualEntry(pending, a, key, item, strict, memos)) {
        return false;
      }
    }
    return pending.size === 0;
  }
  return true;
}

function mapHasEqualEntry(set, map, key1, item1, strict, memos) {
  for (const key2 of set) {
    if (innerDeepEqual(key1, key2, strict, memos) &&
        innerDeepEqual(item1, map.get(key2), strict, memos)) {
      set.delete(key2);
      return true;
    }
  }
  return false;
}

module.exports = { isDeepEqual, isDeepStrictEqual };
