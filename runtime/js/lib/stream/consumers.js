'use strict';
// node:stream/consumers: read a whole stream (a ReadableStream, a
// node:stream Readable or any async iterable) into one value.

const { Blob } = require('internal/blob');

async function blob(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return new Blob(chunks);
}

async function arrayBuffer(stream) {
  const result = await blob(stream);
  return result.arrayBuffer();
}

async function bytes(stream) {
  return new Uint8Array(await arrayBuffer(stream));
}

async function buffer(stream) {
  const { Buffer } = require('buffer');
  return Buffer.from(await arrayBuffer(stream));
}

async function text(stream) {
  const { TextDecoder } = require('internal/encoding');
  const decoder = new TextDecoder();
  let result = '';
  for await (const chunk of stream) {
    if (typeof chunk === 'string') result += chunk;
    else result += decoder.decode(chunk, { stream: true });
  }
  result += decoder.decode(undefined, { stream: false });
  return result;
}

async function json(stream) {
  return JSON.parse(await text(stream));
}

module.exports = { arrayBuffer, blob, buffer, bytes, text, json };
