'use strict';

// util.types: brand checks. Most need the engine (internalBinding('types'));
// typed-array checks use the %TypedArray%.prototype[@@toStringTag] getter.

const binding = internalBinding('types');

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const getTag = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const ArrayBufferIsView = ArrayBuffer.isView;

function typedArrayTag(value) {
  return Reflect.apply(getTag, value, []);
}

function isTypedArray(value) {
  return typedArrayTag(value) !== undefined;
}

function isArrayBufferView(value) {
  return ArrayBufferIsView(value);
}

function tagIs(name) {
  const fn = (value) => typedArrayTag(value) === name;
  Object.defineProperty(fn, 'name', { value: `is${name}` });
  return fn;
}

module.exports = {
  isExternal: binding.isExternal,
  isDate: binding.isDate,
  isArgumentsObject: binding.isArgumentsObject,
  isBigIntObject: binding.isBigIntObject,
  isBooleanObject: binding.isBooleanObject,
  isNumberObject: binding.isNumberObject,
  isStringObject: binding.isStringObject,
  isSymbolObject: binding.isSymbolObject,
  isNativeError: binding.isNativeError,
  isRegExp: binding.isRegExp,
  isAsyncFunction: binding.isAsyncFunction,
  isGeneratorFunction: binding.isGeneratorFunction,
  isGeneratorObject: binding.isGeneratorObject,
  isPromise: binding.isPromise,
  isMap: binding.isMap,
  isSet: binding.isSet,
  isMapIterator: binding.isMapIterator,
  isSetIterator: binding.isSetIterator,
  isWeakMap: binding.isWeakMap,
  isWeakSet: binding.isWeakSet,
  isArrayBuffer: binding.isArrayBuffer,
  isDataView: binding.isDataView,
  isSharedArrayBuffer: binding.isSharedArrayBuffer,
  isProxy: binding.isProxy,
  isModuleNamespaceObject: binding.isModuleNamespaceObject,
  isAnyArrayBuffer: binding.isAnyArrayBuffer,
  isBoxedPrimitive: binding.isBoxedPrimitive,
  isArrayBufferView,
  isTypedArray,
  isUint8Array: tagIs('Uint8Array'),
  isUint8ClampedArray: tagIs('Uint8ClampedArray'),
  isUint16Array: tagIs('Uint16Array'),
  isUint32Array: tagIs('Uint32Array'),
  isInt8Array: tagIs('Int8Array'),
  isInt16Array: tagIs('Int16Array'),
  isInt32Array: tagIs('Int32Array'),
  isFloat16Array: tagIs('Float16Array'),
  isFloat32Array: tagIs('Float32Array'),
  isFloat64Array: tagIs('Float64Array'),
  isBigInt64Array: tagIs('BigInt64Array'),
  isBigUint64Array: tagIs('BigUint64Array'),
};
