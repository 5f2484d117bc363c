'use strict';

// Loads the runtime's JavaScript (runtime/js/) inside real node, the way the
// nodus bootstrap does: each file is a CommonJS body run with
// (exports, require, module, internalBinding). The natives the modules ask
// for are served by node's own bindings, restricted to the functions the
// nodus op layer promises (runtime/js/README.md), so a module that reaches
// for anything else fails here as it would in nodus.
//
// Run node with --expose-internals.

const fs = require('fs');
const path = require('path');
const vm = require('vm');

const ROOT = path.resolve(__dirname, '../../../runtime/js');

// node's own buffer module, taken before inject.js puts ours in its place.
const nodeBuffer = require('buffer');

// Modules of runtime/js that sit on op areas served only by nodus itself
// (fs, engine, vm, process, timers); tested end to end through the binary.
const OPS_MODULES = new Set(['child_process', 'fs', 'fs/promises', 'os', 'v8', 'vm']);

// Node's own brand checks, taken before inject.js puts our util in place.
const nodeTypes = require('util').types;

let nodeInternalBinding;
function realBinding(name) {
  if (nodeInternalBinding === undefined) {
    const emit = process.emitWarning;
    process.emitWarning = () => {};
    try {
      ({ internalBinding: nodeInternalBinding } = require('internal/test/binding'));
    } finally {
      process.emitWarning = emit;
    }
  }
  return nodeInternalBinding(name);
}

function pick(obj, names) {
  const out = {};
  for (const name of names) {
    if (!(name in obj)) throw new Error(`node has no ${name} to emulate`);
    out[name] = obj[name];
  }
  return out;
}

// The contract with the Rust op layer: area -> functions.
const BINDINGS = {
  util() {
    const u = realBinding('util');
    const b = pick(u, [
      'getPromiseDetails', 'getProxyDetails', 'previewEntries',
      'getOwnNonIndexProperties', 'getConstructorName',
    ]);
    b.noSideEffectsToString = realBinding('errors').noSideEffectsToString;
    b.constants = pick(u.constants, ['kPending', 'kFulfilled', 'kRejected', 'ALL_PROPERTIES', 'ONLY_ENUMERABLE']);
    return b;
  },
  // The encoding ops (runtime/src/ops/encoding.rs), emulated with node's
  // own Buffer, TextEncoder and TextDecoder, which they match.
  encoding() {
    const { Buffer: NodeBuffer, isUtf8, isAscii, transcode } = nodeBuffer;
    const names = ['utf8', 'ucs2', 'latin1', 'ascii', 'base64', 'base64url', 'hex'];
    const decoders = ['utf-8', 'utf-16le', 'windows-1252'];
    const encoder = new TextEncoder();
    const legacy = [];
    const bytes = (v) => (ArrayBuffer.isView(v) ?
      NodeBuffer.from(v.buffer, v.byteOffset, v.byteLength) : NodeBuffer.from(v));
    return {
      op_encoding_slice_sync: (buf, start, end, code) =>
        (start >= end ? '' : bytes(buf).toString(names[code], start, end)),
      op_encoding_write_sync: (buf, string, offset, length, code) =>
        bytes(buf).write(string, offset, Math.min(length, buf.byteLength - offset), names[code]),
      op_encoding_utf8_length_sync: (string) => NodeBuffer.byteLength(string, 'utf8'),
      op_encoding_alloc_unsafe_sync: (size) => new ArrayBuffer(size),
      op_encoding_encode_utf8_sync: (string) => encoder.encode(string),
      op_encoding_encode_into_sync(string, dest, result) {
        const { read, written } = encoder.encodeInto(string, dest);
        result[0] = read;
        result[1] = written;
      },
      op_encoding_decode_sync: (input, kind, fatal) =>
        new TextDecoder(decoders[kind], { fatal, ignoreBOM: true }).decode(input),
      op_encoding_decoder_open_sync(label) {
        let name;
        try { name = new TextDecoder(label).encoding; } catch { return undefined; }
        legacy.push({ label, decoder: null });
        return [legacy.length - 1, name];
      },
      op_encoding_decoder_decode_sync(id, input, last, fatal) {
        const state = legacy[id];
        state.decoder ??= new TextDecoder(state.label, { fatal, ignoreBOM: true });
        const text = state.decoder.decode(input, { stream: !last });
        if (last) state.decoder = null;
        return text;
      },
      op_encoding_is_utf8_sync: isUtf8,
      op_encoding_is_ascii_sync: isAscii,
      op_encoding_btoa_sync(string) {
        try { return btoa(string); } catch { return undefined; }
      },
      op_encoding_atob_sync(string) {
        try { return atob(string); } catch (e) { return /correctly/.test(e.message) ? 2 : 1; }
      },
      op_encoding_transcode_sync(source, from, to) {
        try {
          const out = transcode(bytes(source), names[from], names[to]);
          return new Uint8Array(out.buffer, out.byteOffset, out.length);
        } catch {
          return undefined;
        }
      },
    };
  },
  // The handle ops our modules use outside the loop (legacy TextDecoders
  // close their native state when collected).
  core() {
    return { op_core_handle_close_sync() {} };
  },
  // The URL parser ops, served by node's own URL binding (Ada too).
  url() {
    const b = realBinding('url');
    // Our setter numbers (runtime/src/ops/url.rs) -> node's updateActions.
    const actions = [9, 0, 4, 5, 1, 2, 3, 6, 7, 8];
    const components = new Int32Array(8);
    const take = () => {
      for (let i = 0; i < 8; i++) components[i] = b.urlComponents[i];
    };
    return {
      op_url_components_sync: () => components,
      op_url_parse_sync(input, base) {
        const href = b.parse(input, base, false);
        if (href === undefined) return undefined;
        take();
        return href === input ? true : href;
      },
      op_url_can_parse_sync: (input, base) => (base === undefined ? b.canParse(input) : b.canParse(input, base)),
      op_url_update_sync(href, action, value) {
        const result = b.update(href, actions[action], value);
        if (!result) return false;
        take();
        return result;
      },
      op_url_domain_to_ascii_sync: (domain) => b.domainToASCII(domain),
      op_url_domain_to_unicode_sync: (domain) => b.domainToUnicode(domain),
    };
  },
  types() {
    // Node's public util.types has them all (Node 24's types binding no
    // longer has isDataView, which it checks in JS).
    return pick(nodeTypes, [
      'isExternal', 'isDate', 'isArgumentsObject', 'isBigIntObject',
      'isBooleanObject', 'isNumberObject', 'isStringObject', 'isSymbolObject',
      'isNativeError', 'isRegExp', 'isAsyncFunction', 'isGeneratorFunction',
      'isGeneratorObject', 'isPromise', 'isMap', 'isSet', 'isMapIterator',
      'isSetIterator', 'isWeakMap', 'isWeakSet', 'isArrayBuffer', 'isDataView',
      'isSharedArrayBuffer', 'isProxy', 'isModuleNamespaceObject',
      'isAnyArrayBuffer', 'isBoxedPrimitive',
    ]);
  },
};

function fileFor(id) {
  if (id.startsWith('internal/')) return path.join(ROOT, `${id}.js`);
  return path.join(ROOT, 'lib', `${id.replace(/^node:/, '')}.js`);
}

/** A fresh module system over runtime/js: `load(id)` returns exports. */
function createLoader(options = {}) {
  const cache = new Map();
  const bindingCache = new Map();
  const overrides = options.bindings || {};
  function internalBinding(area) {
    if (!bindingCache.has(area)) {
      const make = overrides[area] || BINDINGS[area];
      if (!make) throw new Error(`internalBinding('${area}') is not part of the op layer`);
      bindingCache.set(area, make());
    }
    return bindingCache.get(area);
  }
  function load(id) {
    const cached = cache.get(id);
    if (cached) return cached.exports;
    // Core modules that are thin layers over ops this harness does not
    // serve (the runtime core's): node's own stand in.
    if (OPS_MODULES.has(id) && options.fallbackToNode !== false) return require(id);
    if (id === 'internal/uv_errors_table') {
      // Generated by build.rs from runtime/src/uv_errors.rs; read it here.
      const rust = fs.readFileSync(path.join(ROOT, '../src/uv_errors.rs'), 'utf8');
      const rows = [...rust.matchAll(/\((-?\d+), "([A-Z0-9_]+)", "([^"]*)"\)/g)];
      const module = { exports: rows.map(([, errno, code, message]) => [Number(errno), code, message]), id };
      cache.set(id, module);
      return module.exports;
    }
    const file = fileFor(id);
    if (!fs.existsSync(file)) {
      if (!id.startsWith('internal/') && options.fallbackToNode !== false) {
        // A core module nodus does not ship yet: node's own stands in.
        return require(id);
      }
      throw new Error(`no runtime module '${id}' (${file})`);
    }
    const module = { exports: {}, id };
    cache.set(id, module);
    const source = fs.readFileSync(file, 'utf8');
    const wrapper = vm.runInThisContext(
      `(function (exports, require, module, internalBinding) {${source}\n})`,
      { filename: `nodus:${id}` });
    wrapper.call(module.exports, module.exports, load, module, internalBinding);
    return module.exports;
  }
  return { load, internalBinding };
}

module.exports = { createLoader, ROOT };
