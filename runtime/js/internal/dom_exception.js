'use strict';

// DOMException (WebIDL), as Node exposes it: name, message, legacy code.

const { codes: { ERR_INVALID_THIS } } = require('internal/errors');

const legacyCodes = {
  IndexSizeError: 1, DOMStringSizeError: 2, HierarchyRequestError: 3, WrongDocumentError: 4,
  InvalidCharacterError: 5, NoDataAllowedError: 6, NoModificationAllowedError: 7, NotFoundError: 8,
  NotSupportedError: 9, InUseAttributeError: 10, InvalidStateError: 11, SyntaxError: 12,
  InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15, ValidationError: 16,
  TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
  QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};

// name and message live outside the object (no own keys show in inspect,
// as with Node's).
const internals = new WeakMap();

function ownInternals(object) {
  const found = internals.get(object);
  if (found === undefined) throw new ERR_INVALID_THIS('DOMException');
  return found;
}

class DOMException {
  constructor(message = '', options = 'Error') {
    Error.captureStackTrace(this);
    let name;
    if (options && typeof options === 'object') {
      name = options.name === undefined ? 'Error' : `${options.name}`;
      if ('cause' in options) {
        Object.defineProperty(this, 'cause', {
          configurable: true, writable: true, enumerable: false, value: options.cause,
        });
      }
    } else {
      name = `${options}`;
    }
    internals.set(this, { name, message: `${message}` });
  }

  get name() {
    return ownInternals(this).name;
  }

  get message() {
    return ownInternals(this).message;
  }

  get code() {
    return legacyCodes[ownInternals(this).name] || 0;
  }
}

Object.setPrototypeOf(DOMException.prototype, Error.prototype);
Object.defineProperties(DOMException.prototype, {
  [Symbol.toStringTag]: { configurable: true, value: 'DOMException' },
  name: { enumerable: true, configurable: true },
  message: { enumerable: true, configurable: true },
  code: { enumerable: true, configurable: true },
});

const constantNames = ['INDEX_SIZE_ERR', 'DOMSTRING_SIZE_ERR', 'HIERARCHY_REQUEST_ERR', 'WRONG_DOCUMENT_ERR',
  'INVALID_CHARACTER_ERR', 'NO_DATA_ALLOWED_ERR', 'NO_MODIFICATION_ALLOWED_ERR', 'NOT_FOUND_ERR',
  'NOT_SUPPORTED_ERR', 'INUSE_ATTRIBUTE_ERR', 'INVALID_STATE_ERR', 'SYNTAX_ERR', 'INVALID_MODIFICATION_ERR',
  'NAMESPACE_ERR', 'INVALID_ACCESS_ERR', 'VALIDATION_ERR', 'TYPE_MISMATCH_ERR', 'SECURITY_ERR',
  'NETWORK_ERR', 'ABORT_ERR', 'URL_MISMATCH_ERR', 'QUOTA_EXCEEDED_ERR', 'TIMEOUT_ERR',
  'INVALID_NODE_TYPE_ERR', 'DATA_CLONE_ERR'];
constantNames.forEach((name, i) => {
  const desc = { enumerable: true, value: i + 1 };
  Object.defineProperty(DOMException, name, desc);
  Object.defineProperty(DOMException.prototype, name, desc);
});

module.exports = { DOMException };
