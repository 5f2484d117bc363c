// marked (ESM) and markdown-it (CommonJS from ESM).
import { marked } from 'marked';
import MarkdownIt from 'markdown-it';
const src = '# Title\n\nSome *emphasis*, **strong**, `code` and a [link](https://nodejs.org "Node").\n\n- one\n- two\n  - nested\n\n```js\nconst x = 1 < 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote <b>html</b>\n';
console.log(marked.parse(src));
console.log(marked.lexer('hello _world_').map((t) => t.type));
const md = new MarkdownIt({ html: true, linkify: true, typographer: true });
console.log(md.render(src + '\nvisit www.example.com -- "quotes" (c)\n'));
console.log(md.parseInline('a **b**', {})[0].children.map((t) => t.type));
