// uuid through require() (the "require" condition of its exports map).
const { v4, v5, validate } = require('uuid');
console.log(validate(v4()), v5('nodus', '6ba7b811-9dad-11d1-80b4-00c04fd430c8'));
