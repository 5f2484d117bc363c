'use strict';
// node:v8 — heap statistics, flags, and the structured-clone serializer.

const binding = internalBinding('engine');
const { op_core_serialize_sync: serializeValue, op_core_deserialize_sync: deserializeValue } = internalBinding('core');

function getHeapStatistics() {
  return binding.op_engine_heap_statistics_sync();
}

function getHeapSpaceStatistics() {
  return binding.op_engine_heap_space_statistics_sync();
}

function getHeapCodeStatistics() {
  return {
    code_and_metadata_size: 0,
    bytecode_and_metadata_size: 0,
    external_script_source_size: 0,
    cpu_profiler_metadata_size: 0,
  };
}

function setFlagsFromString(flags) {
  require('internal/validators').validateString(flags, 'flags');
  binding.op_engine_set_flags_sync(flags);
}

function cachedDataVersionTag() {
  return binding.op_engine_cached_data_version_tag_sync();
}

function toBuffer(bytes) {
  const { Buffer } = require('buffer');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// V8's structured serialization (what structuredClone uses), as Buffers.
function serialize(value) {
  return toBuffer(serializeValue(value));
}

function deserialize(buffer) {
  if (!ArrayBuffer.isView(buffer)) {
    // Node's C++ deserializer says it so.
    throw require('internal/errors').nativeErrorWithCode(TypeError, 'ERR_INVALID_ARG_TYPE',
      'buffer must be a TypedArray or a DataView');
  }
  return deserializeValue(buffer);
}

module.exports = {
  cachedDataVersionTag,
  getHeapStatistics,
  getHeapSpaceStatistics,
  getHeapCodeStatistics,
  setFlagsFromString,
  serialize,
  deserialize,
};
