// handlebars, mustache and ejs (ejs renders a file from disk with includes).
const Handlebars = require('handlebars');
const Mustache = require('mustache');
const ejs = require('ejs');
const fs = require('fs');
const os = require('os');
const path = require('path');
Handlebars.registerHelper('upper', (s) => s.toUpperCase());
Handlebars.registerPartial('item', '<li>{{upper name}}{{#if admin}} (admin){{/if}}</li>');
const hb = Handlebars.compile('<h1>{{title}}</h1><ul>{{#each users}}{{> item}}{{else}}none{{/each}}</ul>{{{raw}}} {{esc}}');
console.log(hb({ title: 'Users', users: [{ name: 'ada', admin: true }, { name: 'bob' }], raw: '<b>', esc: '<i>' }));
console.log(Handlebars.precompile('{{a}}').length > 50);
console.log(Mustache.render('{{#list}}<{{name}}>{{/list}}{{^empty}}nothing{{/empty}} {{&html}} {{esc}}', { list: [{ name: 'a' }, { name: 'b' }], empty: [], html: '<br>', esc: '<p>' }));
console.log(JSON.stringify(Mustache.parse('Hi {{name}}!')));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ejs-'));
fs.writeFileSync(path.join(dir, 'header.ejs'), '<header><%= title %></header>');
fs.writeFileSync(path.join(dir, 'page.ejs'), '<%- include("header", { title }) %>\n<% for (const i of items) { -%>\n* <%= i %>\n<% } -%>\n');
console.log(ejs.render('<%= a %> + <%- b %> = <%= a + 1 %>', { a: 1, b: '<u>' }));
ejs.renderFile(path.join(dir, 'page.ejs'), { title: 'T & C', items: ['x', '<y>'] }, (err, str) => {
  console.log(err, str);
  fs.rmSync(dir, { recursive: true });
});
