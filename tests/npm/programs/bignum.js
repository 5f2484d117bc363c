// decimal.js and bignumber.js: arbitrary precision arithmetic.
const Decimal = require('decimal.js');
const BigNumber = require('bignumber.js');
console.log(new Decimal(0.1).plus(0.2).toString(), new Decimal(2).sqrt().toSignificantDigits(50).toString(), Decimal.pow(2, 100).toFixed());
const D = Decimal.clone({ precision: 10, rounding: Decimal.ROUND_HALF_EVEN });
console.log(new D(1).div(3).toString(), new D('123.456e-10').toExponential(3), new D(-7.5).round().toString(), new Decimal('0x1f').toNumber(), new Decimal(255).toHexadecimal());
console.log(new BigNumber('0.1').plus('0.2').toString(), new BigNumber(2).pow(200).toString(36), new BigNumber('1e+21').toFormat(2), new BigNumber(1).div(7).dp(20).toString());
BigNumber.config({ DECIMAL_PLACES: 5, ROUNDING_MODE: BigNumber.ROUND_DOWN });
console.log(new BigNumber(10).div(3).toString(), new BigNumber(NaN).isNaN(), BigNumber.maximum(1, '5', 3).toString(), new BigNumber(255).toString(16));
console.log(new Decimal(1).div(0).toString(), Decimal.sin(1).toFixed(20), new BigNumber(-0).isNegative(), JSON.stringify({ d: new Decimal('1.50') }));
