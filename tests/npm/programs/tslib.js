// tslib helpers as emitted by tsc (CommonJS and the ESM entry through its exports map).
const tslib = require('tslib');
const { __awaiter, __generator, __extends, __assign, __rest, __spreadArray, __decorate, __classPrivateFieldGet } = tslib;
function Base() { this.b = 1; }
Base.prototype.hi = function () { return 'hi ' + this.b; };
const Derived = (function (_super) { __extends(D, _super); function D() { const t = _super.call(this) || this; t.d = 2; return t; } return D; })(Base);
console.log(new Derived().hi(), __assign({ a: 1 }, { b: 2 }), __rest({ a: 1, b: 2, c: 3 }, ['a']), __spreadArray([1], [2, 3], false));
const run = () => __awaiter(void 0, void 0, void 0, function () { let x; return __generator(this, function (_a) { switch (_a.label) { case 0: return [4, Promise.resolve(21)]; case 1: x = _a.sent(); return [2, x * 2]; } }); });
run().then((v) => console.log('awaiter', v));
const log = [];
const dec = (target, key) => { log.push(key); };
class C { m() {} }
__decorate([dec], C.prototype, 'm', null);
console.log(log, Object.keys(tslib).length > 20);
import('tslib').then((m) => console.log('esm', typeof m.__awaiter, typeof m.default.__assign));
