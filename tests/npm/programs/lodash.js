// lodash: collections, chaining, deep clone/merge, templates, debounce on timers.
const _ = require('lodash');
const fp = require('lodash/fp');
const chunk = require('lodash/chunk');

const people = [
  { name: 'ada', age: 36, team: 'core' },
  { name: 'linus', age: 28, team: 'kernel' },
  { name: 'grace', age: 45, team: 'core' },
  { name: 'ken', age: 52, team: 'unix' },
];
console.log(_.groupBy(people, 'team'));
console.log(_.chain(people).filter((p) => p.age > 30).sortBy('age').map('name').value());
console.log(_.keyBy(people, 'name').grace);
console.log(chunk([1, 2, 3, 4, 5], 2), _.zip(['a', 'b'], [1, 2]));
const deep = { a: [{ b: { c: new Date(0) } }], m: new Map([[1, 2]]) };
const clone = _.cloneDeep(deep);
console.log(clone, clone.a[0].b !== deep.a[0].b, _.isEqual(clone, deep));
console.log(_.merge({ a: { x: 1 } }, { a: { y: 2 } }, { b: 3 }));
console.log(_.template('hello <%= user %>! <% _.forEach(list, function(i) { %><li><%- i %></li><% }); %>')({ user: 'fred', list: ['<a>', 'b'] }));
console.log(fp.flow(fp.map((x) => x * 2), fp.filter((x) => x > 2), fp.sum)([1, 2, 3]));
console.log(_.camelCase('Foo Bar-baz'), _.kebabCase('fooBarBaz'), _.startCase('hello_world'), _.escape('<"&">'));
console.log(_.get({ a: { b: [{ c: 42 }] } }, 'a.b[0].c'), _.set({}, 'x.y[1].z', 1));
console.log(_.uniqBy([2.1, 1.2, 2.3], Math.floor), _.difference([2, 1], [2, 3]), _.range(0, 20, 5));
const calls = [];
const debounced = _.debounce((v) => calls.push(v), 20);
debounced(1); debounced(2); debounced(3);
const throttled = _.throttle((v) => calls.push('t' + v), 1000);
throttled(1); throttled(2);
setTimeout(() => { console.log('debounced calls', calls); }, 80);
console.log(_.VERSION.split('.').length, typeof _.runInContext);
