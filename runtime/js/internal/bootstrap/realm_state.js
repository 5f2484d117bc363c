'use strict';
// Facts about the realm, filled by internal/bootstrap/realm before anything
// else loads: `buildInfo`, `bindings`, `requireBuiltin(id)`,
// `builtinExists(id)`, `builtinIds`.
