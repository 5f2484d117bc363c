'use strict';
// The ES module loader: the module map, loading, linking and evaluation of
// module graphs, `import()`, `import.meta`, and the ESM entry points (an
// `.mjs` / `"type": "module"` main, `--input-type=module` code).
//
// Resolution (Node's ESM algorithm), formats, file URLs and the CommonJS
// export lexer are native (src/modules/esm_resolve.rs, cjs_lexer.rs); V8's
// module records live on the native side too (src/modules/esm.rs) and are
// driven here through `internalBinding('esm')`, the way Node's loader
// drives its ModuleWrap.
//
// The module map holds one job per (URL, `type` attribute): a job knows its
// format, its V8 record and, once linked, the jobs its requests resolved
// to. Loading a graph is synchronous: resolve every request of a module,
// load and translate each new target, then go one level deeper (so an
// importer's resolution errors come before its dependencies' load errors,
// as in Node). `import()` of a module not in the map first waits for one
// turn of the event loop, where Node's loader waits for its file reads.

const esm = internalBinding('esm');
const { op_fs_read_file_utf8_sync: readFileUtf8 } = internalBinding('fs');
const { op_core_trigger_uncaught_sync: triggerUncaughtException } = internalBinding('core');
const cjsLoader = require('internal/modules/cjs/loader');
const translators = require('internal/modules/esm/translators');
const pathUtil = require('internal/modules/path');

const {
  op_esm_resolve_sync: resolveNative,
  op_esm_format_sync: formatOf,
  op_esm_path_to_url_sync: pathToFileURL,
  op_esm_url_to_path_sync: urlToPathNative,
  op_esm_compile_sync: compileModule,
  op_esm_link_sync: linkRequests,
  op_esm_instantiate_sync: instantiate,
  op_esm_evaluate_sync: evaluate,
  op_esm_namespace_sync: getNamespace,
  op_esm_status_sync: moduleStatus,
  op_esm_stalled_sync: stalledTopLevelAwaits,
  op_esm_next_turn_async: nextTurn,
  op_esm_contains_module_syntax_sync: containsModuleSyntax,
  op_esm_package_json_path_sync: packageJsonPathOf,
  op_esm_set_arrow_sync: setArrow,
} = esm;
const { op_modules_package_type_sync: packageTypeOf } = internalBinding('modules');

const ObjectKeys = Object.keys;
const ObjectPrototypeHasOwnProperty = Object.prototype.hasOwnProperty;
const StringPrototypeStartsWith = String.prototype.startsWith;
const ReflectApply = Reflect.apply;
const PromisePrototypeThen = Promise.prototype.then;
const { getPromiseDetails: promiseDetails, constants: { kRejected } } = internalBinding('util');

let process = null;
let options = { conditions: [], preserveSymlinks: false, inputType: '' };

function setup(p, opts) {
  process = p;
  options = opts;
  translators.setup(p, { makeError, urlToPath });
  cjsLoader.setEsmHook(requireEsmError);
  cjsLoader.setRequireModuleHook(requireModule);
  cjsLoader.setEsmSyntaxHook(onCommonJsSyntaxError);
}

let errorsModule;
function codes() {
  if (errorsModule === undefined) errorsModule = require('internal/errors');
  return errorsModule.codes;
}

// Node's error for `{ code, args, hint }` from the native side.
function makeError({ code, args, hint }) {
  if (code === 'ERR_INVALID_PACKAGE_CONFIG' && args[2] === null) {
    // A package.json that is not JSON: Node 24 reads it natively and
    // throws a plain Error with the code, naming no JSON detail.
    const { nativeErrorWithCode } = require('internal/errors');
    const base = args[1] ? ` while importing ${args[1]}` : '';
    return nativeErrorWithCode(Error, code, `Invalid package config ${args[0]}${base}.`, makeError);
  }
  const Ctor = codes()[code];
  let err;
  if (Ctor === undefined) {
    err = new Error(args.join(' '));
    err.code = code;
  } else {
    err = new Ctor(...args);
  }
  if (hint) {
    err.message += `\n${hint}`;
    const stack = err.stack;
    const end = stack.indexOf('\n');
    err.stack = end === -1 ? `${stack}\n${hint}` : `${stack.slice(0, end)}\n${hint}${stack.slice(end)}`;
  }
  return err;
}

function urlToPath(url) {
  const path = urlToPathNative(url);
  if (typeof path !== 'string') throw makeError(path);
  return path;
}

function resolve(specifier, parentURL, preserveSymlinks = options.preserveSymlinks) {
  const url = resolveNative(`${specifier}`, parentURL, options.conditions, preserveSymlinks);
  if (typeof url !== 'string') throw makeError(url);
  return url;
}

// The working directory as a URL with a trailing slash (Node's getCWDURL).
function cwdURL() {
  const url = pathToFileURL(process.cwd());
  return url.endsWith('/') ? url : `${url}/`;
}

// --- import attributes -------------------------------------------------------

const kImplicitType = 'javascript';
const formatTypes = { __proto__: null, builtin: kImplicitType, commonjs: kImplicitType, json: 'json', module: kImplicitType };

// Node 24's validateAttributes (the ERR_IMPORT_ATTRIBUTE_* codes).
function validateAttributes(url, format, attributes) {
  const keys = ObjectKeys(attributes);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== 'type') {
      throw new (codes().ERR_IMPORT_ATTRIBUTE_UNSUPPORTED)(keys[i], attributes[keys[i]], url);
    }
  }
  const validType = formatTypes[format];
  const hasType = ObjectPrototypeHasOwnProperty.call(attributes, 'type');
  if (validType === undefined) return;
  if (validType === kImplicitType) {
    if (!hasType) return;
    invalidType(url, attributes.type);
  }
  if (attributes.type === validType) return;
  if (!hasType) throw new (codes().ERR_IMPORT_ATTRIBUTE_MISSING)(url, 'type', validType);
  invalidType(url, attributes.type);
}

function invalidType(url, type) {
  if (typeof type !== 'string') {
    throw new (codes().ERR_INVALID_ARG_TYPE)('type', 'string', type);
  }
  if (type !== 'json') throw new (codes().ERR_IMPORT_ATTRIBUTE_UNSUPPORTED)('type', type, url);
  throw new (codes().ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE)(url, type);
}

// --- the module map ------------------------------------------------------------

class ModuleJob {
  constructor(url, attributes, format, id, requests, isMain) {
    this.url = url;
    this.attributes = attributes;
    this.format = format;
    this.id = id;
    // [specifier, attributes] pairs, in V8's order (source modules only).
    this.requests = requests;
    // The jobs the requests resolved to, once linked.
    this.linked = null;
    // Whether every module reachable from this one is linked.
    this.graphLinked = false;
    this.isMain = isMain;
  }
}

const jobs = new Map();

function jobKey(url, attributes) {
  const type = attributes.type;
  return type === undefined ? url : `${url}\0${type}`;
}

// The format of the module at `url` and, when reading it was needed to
// tell, its source: a `.js` or extensionless file without a package
// "type" is an ES module if it has module syntax (Node 20's detection).
function loadFormat(url) {
  const format = formatOf(url);
  if (typeof format !== 'string') throw makeError(format);
  if (format !== 'detect') return { format, source: undefined };
  const source = translators.readSource(url);
  const filename = urlToPath(url);
  if (!containsModuleSyntax(source, filename)) return { format: 'commonjs', source };
  if (filename.endsWith('.js')) warnTypelessPackage(url, filename);
  return { format: 'module', source };
}

const warnedTypelessPackages = new Set();

function warnTypelessPackage(url, filename) {
  const packageJson = packageJsonPathOf(filename);
  if (packageJson === undefined || url.includes('/node_modules/') || warnedTypelessPackages.has(packageJson)) return;
  warnedTypelessPackages.add(packageJson);
  process.emitWarning(`Module type of ${url} is not specified and it doesn't parse as CommonJS.\n` +
    'Reparsing as ES module because module syntax was detected. This incurs a performance overhead.\n' +
    `To eliminate this warning, add "type": "module" to ${packageJson}.`, { code: 'MODULE_TYPELESS_PACKAGE_JSON' });
}

// Loads and translates the module at `url` (no linking); `known` is its
// `{ format, source }` when the caller has them.
function createJob(url, attributes, isMain, known = undefined) {
  const { format, source } = known ?? loadFormat(url);
  validateAttributes(url, format, attributes);
  let id;
  let requests = [];
  switch (format) {
    case 'module': {
      [id, requests] = compileModule(source ?? translators.readSource(url), url);
      break;
    }
    case 'commonjs':
      id = translators.commonjs(url, isMain);
      break;
    case 'json':
      id = translators.json(url);
      break;
    case 'builtin':
      id = translators.builtin(url);
      break;
    default:
      throw new (codes().ERR_UNKNOWN_MODULE_FORMAT)(format, url);
  }
  const job = new ModuleJob(url, attributes, format, id, requests, isMain);
  jobs.set(jobKey(url, attributes), job);
  return job;
}

function getJob(url, attributes, isMain = false) {
  return jobs.get(jobKey(url, attributes)) ?? createJob(url, attributes, isMain);
}

// Resolves, loads and links every module reachable from `root`, level by
// level; throws the first resolution or load error. A graph that failed
// half-way keeps what it linked; the next attempt goes through the linked
// part again to reach what is not linked yet.
function linkGraph(root) {
  let level = [root];
  const seen = new Set([root]);
  while (level.length > 0) {
    const next = [];
    for (const job of level) {
      if (job.graphLinked) continue;
      if (job.linked === null) {
        const urls = job.requests.map(([specifier]) => resolve(specifier, job.url));
        if (requiring > 0) checkRequireCycle(job, urls);
        const children = urls.map((url, i) => getJob(url, job.requests[i][1]));
        linkRequests(job.id, children.map((child) => child.id));
        job.linked = children;
      }
      for (const child of job.linked) {
        if (!seen.has(child)) {
          seen.add(child);
          next.push(child);
        }
      }
    }
    level = next;
  }
  // Everything reachable is linked now: later graphs need not walk it.
  for (const job of seen) job.graphLinked = true;
}

// Instantiates the graph of `job`; a missing named export of a CommonJS
// module gets Node's explanation.
function instantiateJob(job) {
  try {
    instantiate(job.id);
  } catch (err) {
    explainMissingExport(err);
    throw err;
  }
}

function explainMissingExport(err) {
  if (err === null || typeof err !== 'object' || typeof err.message !== 'string') return;
  const match = /module '(.*)' does not provide an export named '(.+)'/.exec(err.message);
  if (match === null) return;
  const stack = `${err.stack}`.split('\n');
  const parentURL = stack[0].replace(/:\d+$/, '');
  const [, childSpecifier, name] = match;
  let format;
  try {
    ({ format } = loadFormat(resolve(childSpecifier, parentURL)));
  } catch {
    return;
  }
  if (format !== 'commonjs') return;
  // Only a one-line import can be turned into a destructuring.
  const named = /{.*}/.exec(stack[1]);
  const destructuring = named === null ? '' : `const ${named[0].replace(/\s+as\s+/g, ': ')} = pkg;\n`;
  err.message = `Named export '${name}' not found. The requested module` +
    ` '${childSpecifier}' is a CommonJS module, which may not support` +
    ' all module.exports as named exports.\nCommonJS modules can ' +
    'always be imported via the default export, for example using:' +
    `\n\nimport pkg from '${childSpecifier}';\n${destructuring}`;
  stack[3] = `SyntaxError: ${err.message}`;
  err.stack = stack.join('\n');
}

// Links, instantiates and evaluates `job`; returns the evaluation promise.
function runJob(job) {
  linkGraph(job);
  instantiateJob(job);
  return evaluate(job.id);
}

// --- import() ----------------------------------------------------------------------

// The URL of the script or module named `referrer` by V8.
function referrerURL(referrer) {
  if (typeof referrer !== 'string' || referrer === '') return cwdURL();
  if (StringPrototypeStartsWith.call(referrer, 'file:') || StringPrototypeStartsWith.call(referrer, 'data:') ||
      StringPrototypeStartsWith.call(referrer, 'node:')) {
    return referrer;
  }
  if (referrer[0] === '/') return pathToFileURL(referrer);
  return `${cwdURL()}${referrer}`;
}

function waitOneTurn() {
  return new Promise((resolveTurn) => nextTurn(resolveTurn));
}

async function importModule(specifier, parentURL, attributes) {
  const url = resolve(specifier, parentURL);
  // Never link or evaluate inside the caller's own evaluation (the module
  // may be the one evaluating): a module not loaded yet waits a loop turn,
  // one in the map a microtask.
  if (jobs.has(jobKey(url, attributes))) {
    await undefined;
  } else {
    await waitOneTurn();
  }
  const job = getJob(url, attributes);
  await runJob(job);
  return getNamespace(job.id);
}

// V8's host hook for `import()` (see src/modules/esm.rs).
function importModuleDynamically(specifier, referrer, attributes) {
  return importModule(specifier, referrerURL(referrer), attributes);
}

// --- import.meta ---------------------------------------------------------------------

// The URLs of the entry modules (the main file, `--input-type=module`
// code): their `import.meta.main` is true.
const mainURLs = new Set();

function initializeImportMeta(meta, url) {
  // The order Node sets them in (as inspect shows them).
  if (StringPrototypeStartsWith.call(url, 'file:')) {
    const filename = urlToPath(url);
    meta.dirname = pathUtil.dirname(filename);
    meta.filename = filename;
  }
  meta.main = mainURLs.has(url);
  meta.resolve = function resolve(specifier) {
    return importMetaResolve(specifier, url);
  };
  meta.url = url;
  return meta;
}

function importMetaResolve(specifier, parentURL) {
  try {
    return resolve(specifier, parentURL);
  } catch (err) {
    if ((err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'ERR_UNSUPPORTED_DIR_IMPORT') && err.url) {
      return err.url;
    }
    throw err;
  }
}

// --- entry points ---------------------------------------------------------------------

let mainJob = null;
let mainSettled = false;

// `process.exitCode` 13 and Node's warning when the main module's
// top-level await never settled (checked as the process exits). An
// explicit process.exit() removes this listener first, as Node's does.
function handleProcessExit() {
  if (mainJob === null || mainSettled) return;
  if (process.exitCode === undefined) process.exitCode = 13;
}

function warnUnsettledTopLevelAwait() {
  if (mainJob === null || mainSettled) return;
  for (const arrow of stalledTopLevelAwaits(mainJob.id)) {
    process.stderr.write(`Warning: Detected unsettled top-level await at ${arrow}\n`);
  }
}

function trackMain(job, promise) {
  mainJob = job;
  process.prependListener('exit', handleProcessExit);
  ReflectApply(PromisePrototypeThen, promise, [
    () => {
      mainSettled = true;
    },
    (err) => {
      mainSettled = true;
      triggerUncaughtException(err, true);
    },
  ]);
}

// Runs the file `mainPath` as the main ES module. Errors are reported as
// Node reports them for an ESM entry: as uncaught, from a promise.
function runMain(mainPath) {
  let job;
  let promise;
  try {
    if (options.inputType !== '') throw new (codes().ERR_INPUT_TYPE_NOT_ALLOWED)();
    // The main module's own symlinks are resolved (Node keeps them only
    // with --preserve-symlinks-main).
    const url = resolve(pathToFileURL(mainPath), cwdURL(), false);
    mainURLs.add(url);
    job = getJob(url, { __proto__: null }, true);
    promise = runJob(job);
  } catch (err) {
    triggerUncaughtException(err, true);
    return;
  }
  trackMain(job, promise);
}

// `--check` of an ES module file: compiles it (a syntax error is thrown
// with its arrow, which names the path as Node's check does), runs nothing.
function checkSyntax(source, filename) {
  compileModule(source, filename);
}

let evalIndex = 0;

// Runs `source` as an ES module (`--input-type=module` with -e or stdin).
function evalModule(source, print) {
  if (print) throw new (codes().ERR_EVAL_ESM_CANNOT_PRINT)();
  const url = `${cwdURL()}[eval${++evalIndex}]`;
  mainURLs.add(url);
  let job;
  let promise;
  try {
    const [id, requests] = compileModule(source, url);
    job = new ModuleJob(url, { __proto__: null }, 'module', id, requests, true);
    jobs.set(jobKey(url, job.attributes), job);
    promise = runJob(job);
  } catch (err) {
    triggerUncaughtException(err, true);
    return;
  }
  trackMain(job, promise);
}

// The CommonJS loader's hook for a module that does not compile: a
// main script with ES module syntax and no package "type" runs as an ES
// module (Node's detection); otherwise Node's warning goes with the error.
function onCommonJsSyntaxError(module, content, filename, err) {
  if (!(err instanceof SyntaxError) || !containsModuleSyntax(content, filename)) return false;
  const typeless = !filename.endsWith('.cjs') && packageTypeOf(filename) === 'none';
  if (typeless && module[cjsLoader.kIsMainSymbol]) {
    process.mainModule = undefined;
    runMain(filename);
    return true;
  }
  // require() of a typeless file with module syntax loads it as an ES
  // module, as Node 20.19+ does.
  if (typeless && cjsLoader.requireModuleEnabled()) {
    requireModule(module, filename, content);
    return true;
  }
  require('internal/process/warning').emitWarningSync(
    'To load an ES module, set "type": "module" in the package.json or use the .mjs extension.');
  return false;
}

// --- require() of an ES module ---------------------------------------------------------

// The CommonJS loader's hook: Node 20's ERR_REQUIRE_ESM (as with
// --no-experimental-require-module), its stack starting at the user's
// require() call, whose line is the arrow printed if it ends the process.
function requireEsmError(filename, parent) {
  const parentPath = parent?.filename ?? null;
  let source = '';
  try {
    source = readFileUtf8(filename);
  } catch {
    // A file that cannot be read has no module syntax.
  }
  const packageJsonPath = filename.endsWith('.js') ? (packageJsonPathOf(filename) ?? null) : null;
  const hasEsmSyntax = containsModuleSyntax(source, filename);
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = limit + 30;
  let err;
  try {
    err = new (codes().ERR_REQUIRE_ESM)(filename, hasEsmSyntax, parentPath, packageJsonPath);
  } finally {
    Error.stackTraceLimit = limit;
  }
  hideInternalStackFrames(err, limit);
  if (parentPath !== null && cjsLoader.Module._cache[parentPath] !== undefined) {
    let parentSource;
    try {
      parentSource = readFileUtf8(parentPath);
    } catch {
      // No arrow then.
    }
    if (parentSource) setArrowFromFirstFrame(err, parentPath, parentSource);
  }
  return err;
}

// How many require()s of ES modules are loading now.
let requiring = 0;

// A module required from CommonJS may not import a CommonJS module that is
// still loading (it is further up the require() chain): Node's
// ERR_REQUIRE_CYCLE_MODULE.
function checkRequireCycle(job, urls) {
  for (let i = 0; i < urls.length; i++) {
    if (!StringPrototypeStartsWith.call(urls[i], 'file:')) continue;
    const cached = cjsLoader.Module._cache[urlToPath(urls[i])];
    if (cached !== undefined && !cached.loaded && !cached[cjsLoader.kIsCachedByESMLoader]) {
      throw new (codes().ERR_REQUIRE_CYCLE_MODULE)(
        `Cannot import CommonJS Module ${job.requests[i][0]} in a cycle. (from ${urlToPath(job.url)})`);
    }
  }
}

// require() of an ES module (Node 20.19+): the graph is loaded, linked and
// evaluated synchronously; a graph with top-level await cannot be and
// throws ERR_REQUIRE_ASYNC_MODULE. `module.exports` becomes the namespace,
// its "module.exports" export when it has one, or, for a module with a
// default export and no `__esModule`, a facade namespace that adds
// `__esModule: true` (so transpiled CommonJS reads `default` right).
function requireModule(module, filename, source) {
  const url = pathToFileURL(filename);
  const parentPath = module[cjsLoader.kParent]?.filename;
  let job = jobs.get(jobKey(url, {}));
  if (job === undefined) {
    job = createJob(url, {}, false, { format: 'module', source: source ?? translators.readSource(url) });
  }
  requiring++;
  try {
    linkGraph(job);
  } finally {
    requiring--;
  }
  const [before] = moduleStatus(job.id);
  if (before === 'instantiating' || before === 'evaluating') {
    throw new (codes().ERR_REQUIRE_CYCLE_MODULE)(`Cannot require() ES Module ${filename} in a cycle.` +
      `${parentPath ? ` (from ${parentPath})` : ''} A cycle involving require(esm) is not allowed to maintain ` +
      'invariants mandated by the ECMAScript specification. Try making at least part of the dependency in the graph ' +
      'lazily loaded.');
  }
  instantiateJob(job);
  const [, isAsync] = moduleStatus(job.id);
  if (isAsync) {
    throw new (codes().ERR_REQUIRE_ASYNC_MODULE)(filename, parentPath);
  }
  const promise = evaluate(job.id);
  const [state, result] = promiseDetails(promise);
  if (state === kRejected) {
    // The error goes to the require() caller, not to the rejection tracker.
    PromisePrototypeThen.call(promise, undefined, () => {});
    throw result;
  }
  const namespace = getNamespace(job.id);
  if (ObjectPrototypeHasOwnProperty.call(namespace, 'module.exports')) {
    module.exports = namespace['module.exports'];
  } else if (!ObjectPrototypeHasOwnProperty.call(namespace, 'default') ||
             ObjectPrototypeHasOwnProperty.call(namespace, '__esModule')) {
    module.exports = namespace;
  } else {
    module.exports = requireFacade(job);
  }
}

// A module re-exporting everything of `job` (live bindings) plus
// `__esModule: true`.
function requireFacade(job) {
  if (job.facade === undefined) {
    const [id] = compileModule('export * from "original"; export { default } from "original"; ' +
      'export const __esModule = true;', `${job.url}#require-facade`);
    linkRequests(id, [job.id]);
    instantiate(id);
    evaluate(id);
    job.facade = getNamespace(id);
  }
  return job.facade;
}

// Drops the frames of the runtime's own code from `err.stack`.
function hideInternalStackFrames(err, limit) {
  const lines = `${err.stack}`.split('\n');
  const first = lines.findIndex((line) => line.startsWith('    at '));
  if (first === -1) return;
  const frames = lines.slice(first)
    .filter((line) => !line.includes('(node:internal/') && !line.startsWith('    at node:internal/'))
    .slice(0, limit);
  err.stack = [...lines.slice(0, first), ...frames].join('\n');
}

function setArrowFromFirstFrame(err, parentPath, parentSource) {
  const stack = `${err.stack}`;
  const frame = stack.slice(stack.indexOf('    at ')).split('\n', 1)[0];
  const position = /(\d+):(\d+)\)/.exec(frame);
  if (position === null) return;
  const [, line, column] = position;
  const sourceLine = parentSource.split('\n')[line - 1];
  setArrow(err, `${parentPath}:${line}\n${sourceLine}\n${' '.repeat(column - 1)}^\n`);
}

// `Module.syncBuiltinESMExports()`.
function syncBuiltinESMExports() {
  translators.syncBuiltinExports();
}

module.exports = {
  setup,
  runMain,
  evalModule,
  checkSyntax,
  containsModuleSyntax,
  importModuleDynamically,
  initializeImportMeta,
  warnUnsettledTopLevelAwait,
  handleProcessExit,
  syncBuiltinESMExports,
  // For other loaders (the REPL): import() and import.meta.resolve() by URL.
  importModule,
  resolve,
};
