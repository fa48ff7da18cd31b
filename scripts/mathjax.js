// TeX to SVG with MathJax (npm mathjax-full, pinned in package-lock.json), offline.
// Reads one JSON request a line on stdin: {"tex": "...", "display": true}; writes one JSON line
// a request on stdout: {"svg": "<svg ...>"} or {"error": "..."}. The process stays up, so a
// scene typesets all of its maths with one start of node (scenes/mathjax.py drives it).
'use strict';
const readline = require('readline');
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {SVG} = require('mathjax-full/js/output/svg.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const tex = new TeX({
  // no 'noundefined': an unknown macro is an error, as in TeX, not red text
  packages: AllPackages.filter((name) => !['bussproofs', 'autoload', 'noundefined'].includes(name)),
  formatError: (jax, err) => { throw err; },
});
const svg = new SVG({fontCache: 'none'}); // every glyph drawn as a path of its own
const doc = mathjax.document('', {InputJax: tex, OutputJax: svg});

const lines = readline.createInterface({input: process.stdin, terminal: false});
lines.on('line', (line) => {
  let reply;
  try {
    const request = JSON.parse(line);
    const node = doc.convert(request.tex, {display: request.display !== false});
    reply = {svg: adaptor.innerHTML(node)};
  } catch (err) {
    reply = {error: String((err && err.message) || err)};
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
});
