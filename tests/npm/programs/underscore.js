// underscore: functional helpers and templates.
const _ = require('underscore');
const stooges = [{ name: 'moe', age: 40 }, { name: 'larry', age: 50 }, { name: 'curly', age: 60 }];
console.log(_.pluck(stooges, 'name'), _.max(stooges, (s) => s.age));
console.log(_.countBy([1, 2, 3, 4, 5], (n) => (n % 2 === 0 ? 'even' : 'odd')));
console.log(_.chain([1, 2, 3, 200]).filter((n) => n % 2 === 0).map((n) => n * n).first().value());
const tpl = _.template('<% _.each(people, function(name) { %><li><%= name %></li><% }); %>');
console.log(tpl({ people: ['moe', 'curly', 'larry'] }));
console.log(_.partition([0, 1, 2, 3, 4, 5], (n) => n % 2), _.flatten([1, [2], [3, [[4]]]]));
console.log(_.isMatch({ a: 1, b: 2 }, { a: 1 }), _.invert({ a: 'x', b: 'y' }), _.escape('a & b'));
const memo = _.memoize((n) => (n < 2 ? n : memo(n - 1) + memo(n - 2)));
console.log(memo(50), _.uniqueId('c'), _.VERSION);
