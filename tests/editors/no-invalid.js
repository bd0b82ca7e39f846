// Tokenizes valid policies with the TextMate grammar of editors/vscode and
// fails if any token is scoped invalid.*: a valid policy must show no error
// marks in VS Code. Run by tests/editors/run.sh:
//   node no-invalid.js GRAMMAR.json FILE.pol...
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const [grammarPath, ...files] = process.argv.slice(2);
const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer;
const onigLib = oniguruma.loadWASM(wasm).then(() => ({
  createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
  createOnigString: (s) => new oniguruma.OnigString(s),
}));
const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async (scopeName) =>
    scopeName === 'source.pol'
      ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
      : null,
});

registry.loadGrammar('source.pol').then((grammar) => {
  let bad = 0;
  let lines = 0;
  for (const file of files) {
    let state = vsctm.INITIAL;
    fs.readFileSync(file, 'utf8').split(/\r?\n/).forEach((line, i) => {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      lines++;
      for (const t of r.tokens) {
        if (t.scopes.some((s) => s.startsWith('invalid'))) {
          bad++;
          console.log(`${file}:${i + 1}:${t.startIndex + 1}: \`${line.slice(t.startIndex, t.endIndex)}\` is ${t.scopes.join(' ')}`);
        }
      }
    });
  }
  console.log(`no-invalid: ${files.length} files, ${lines} lines, ${bad} invalid tokens`);
  process.exit(bad ? 1 : 0);
});
