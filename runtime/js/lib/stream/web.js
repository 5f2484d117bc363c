'use strict';
// node:stream/web: the WHATWG Streams classes (runtime/js/internal/webstreams).

const {
  ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader, ReadableStreamBYOBRequest,
  ReadableByteStreamController, ReadableStreamDefaultController, readableStreamTee,
} = require('internal/webstreams/readable');
const {
  WritableStream, WritableStreamDefaultWriter, WritableStreamDefaultController,
} = require('internal/webstreams/writable');
const {
  TransformStream, TransformStreamDefaultController, ByteLengthQueuingStrategy, CountQueuingStrategy,
} = require('internal/webstreams/transform');
const {
  TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream,
} = require('internal/webstreams/encoding');

// Node exports its internal tee as a function of one stream.
function ReadableStreamTee(stream) {
  return readableStreamTee(stream, false);
}

module.exports = {
  ReadableStream,
  ReadableStreamTee,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest,
  ReadableByteStreamController,
  ReadableStreamDefaultController,
  TransformStream,
  TransformStreamDefaultController,
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
  ByteLengthQueuingStrategy,
  CountQueuingStrategy,
  TextEncoderStream,
  TextDecoderStream,
  CompressionStream,
  DecompressionStream,
};
