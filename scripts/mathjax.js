// TeX to SVG with MathJax (npm mathjax-full, pinned in package-lock.json), offline.
// Reads one JSON request a line on stdin: {"tex": "...", "display": true}; writes one JSON line
// a request on stdout: {"svg": "<svg ...>"} or {"error": "..."}. The process stays up, so a
// scene typesets all of its maths with one start of node (scenes/kit/mathjax.py drives it).
'use strict';
const readline = require('readline');
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {SVG} = require('mathjax-full/js/output/svg.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');
const {Configuration} = require('mathjax-full/js/input/tex/Configuration.js');
const {MacroMap} = require('mathjax-full/js/input/tex/SymbolMap.js');
const {TextParser} = require('mathjax-full/js/input/tex/textmacros/TextParser.js');

// --- Text mode as TeX sets it ----------------------------------------------------------------
//
// Inside \text{...}, \mbox, \textrm, \textbf and the like TeX is in text mode, where the font's
// own rules apply; MathJax (its textmacros package, loaded with AllPackages) already turns
// ``, '', ` and ' into the curly quotes “ ” ‘ ’ as TeX's ligatures do, but not the rest:
//
// - Dashes. Computer Modern's ligature table makes -- an en dash (–) and --- an em dash (—),
//   read left to right (---- is an em dash and a hyphen). The typewriter font has no such
//   ligatures: in \texttt, -- stays two hyphens. MathJax left them as hyphens everywhere.
// - Spaces. A space between words is the font's interword space, 1/3 em in cmr10, where MathJax
//   puts its own quarter em; after a sentence's end TeX adds the font's extra space (TeX's
//   space factor: >= 2000 after . ? ! and :, unless the punctuation follows a capital, as in
//   "J. Smith", or \@ says otherwise; ) ] and ' pass the factor through). ~ and \  are one
//   interword space. Boxes have their natural width, so stretch and shrink play no part.
// - Kerns. TeX moves some pairs of letters closer (or apart) by the font's kerns: "AV", "Te",
//   "y.", "f)". MathJax sets every character at its full width; here each kerned pair of a run
//   of text gets a space of the kern's width between them.
//
// Maths mode is left alone: $...$ inside \text is parsed as maths (where -- is two minus signs
// and ' a prime). The fonts' spaces and kerns, in em, by MathJax's variant, are TeX's own, read
// from the TFM files into mathjax-text-fonts.json (python -m scenes.kit.mathjax writes it; a
// test checks it against TeX's fonts). Not done: the f-ligatures (ff, fi, fl, ffi, ffl), which
// MathJax's fonts do not have, and the smaller design sizes TeX uses for scripts.
const TEXT_FONTS = require('./mathjax-text-fonts.json');
const SPACE_FACTOR = {'.': 3000, '?': 3000, '!': 3000, ':': 2000, ';': 1500, ',': 1250};
const TRANSPARENT = ")]'\u2019}"; // characters (and a group's end) that keep the space factor

function textFont(parser) {
  return TEXT_FONTS[parser.stack.env.mathvariant] || TEXT_FONTS.normal;
}

// TeX's space factor after the source text that ends just before index `end`.
function spaceFactor(string, end) {
  const back = (k) => {
    while (k >= 0 && TRANSPARENT.includes(string[k])) k--;
    return k;
  };
  const factor = (k) => {
    if (k < 0) return 1000;
    const c = string[k];
    if (c === '@' && string[k - 1] === '\\') return 1000; // \@
    if (c in SPACE_FACTOR) return SPACE_FACTOR[c];
    return /[A-Z]/.test(c) && string[k - 1] !== '\\' ? 999 : 1000;
  };
  const k = back(end - 1);
  const f = factor(k);
  // a factor above 1000 after one below it (a capital's 999) is 1000: "J. Smith"
  return f > 1000 && factor(back(k - 1)) < 1000 ? 1000 : f;
}

// MathJax's text run, with a space of each kern's width between the characters TeX kerns
const saveText = TextParser.prototype.saveText;
TextParser.prototype.saveText = function () {
  const kerns = textFont(this).kerns;
  const text = this.text;
  let start = 0;
  for (let k = 1; k < text.length; k++) {
    const kern = kerns[text[k - 1] + text[k]];
    if (kern) {
      this.text = text.slice(start, k);
      saveText.call(this);
      this.Push(this.create('node', 'mspace', [], {width: `${kern.toFixed(6)}em`}));
      start = k;
    }
  }
  this.text = text.slice(start);
  saveText.call(this);
};

function pushSpace(parser, width) {
  parser.saveText();
  parser.Push(parser.create('node', 'mspace', [], {width: `${width.toFixed(6)}em`}));
}

const TextAsTeX = {
  Dash(parser, c) {
    if (parser.stack.env.mathvariant === 'monospace') {
      parser.text += c;
      return;
    }
    let n = 1;
    while (n < 3 && parser.string.charAt(parser.i) === '-') {
      parser.i++;
      n++;
    }
    parser.text += ['-', '\u2013', '\u2014'][n - 1];
  },
  Space(parser, _c) {
    const factor = spaceFactor(parser.string, parser.i - 1);
    while (/\s/.test(parser.string.charAt(parser.i))) parser.i++;
    const font = textFont(parser);
    pushSpace(parser, font.space + (factor >= 2000 ? font.extra : 0));
  },
  InterwordSpace(parser, _c) {
    pushSpace(parser, textFont(parser).space);
  },
  SpaceFactorMark(_parser, _c) {}, // \@: read by spaceFactor from the source, draws nothing
};
new MacroMap('text-as-tex-special', {
  '-': 'Dash',
  ' ': 'Space',
  '\t': 'Space',
  '\r': 'Space',
  '\n': 'Space',
  '~': 'InterwordSpace',
  '\u00A0': 'InterwordSpace',
}, TextAsTeX);
new MacroMap('text-as-tex-macros', {' ': 'InterwordSpace', '@': 'SpaceFactorMark'}, TextAsTeX);
Configuration.create('text-as-tex', {
  parser: 'text',
  handler: {character: ['text-as-tex-special'], macro: ['text-as-tex-macros']},
  priority: 1, // before textmacros' own maps, which also take spaces
});

function makeDocument() {
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const tex = new TeX({
    // no 'noundefined': an unknown macro is an error, as in TeX, not red text
    packages: AllPackages.filter((name) => !['bussproofs', 'autoload', 'noundefined'].includes(name)),
    textmacros: {packages: ['text-base', 'text-as-tex']},
    formatError: (jax, err) => { throw err; },
  });
  const svg = new SVG({fontCache: 'none'}); // every glyph drawn as a path of its own
  return {adaptor, doc: mathjax.document('', {InputJax: tex, OutputJax: svg})};
}

function serve() {
  const {adaptor, doc} = makeDocument();
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
}

if (require.main === module) serve();
