// The VS Code extension's client against `polrun lsp` (tests/editors/run.sh):
//   node vscode-client.js EXTENSION_DIR POLRUN POLICY
// Starts the server as editors/vscode/extension.js does (its serverOptions
// and initializationOptions, the `polrun.path` setting given as POLRUN)
// and speaks to it through vscode-languageserver-protocol, the protocol
// layer of vscode-languageclient from the extension's package-lock.json:
// open the policy (no diagnostics), a typo (one, with its suggestion),
// hover, shutdown and exit (status 0). Prints "ok" or what failed.
"use strict";
const path = require("path");
const fs = require("fs");
const cp = require("child_process");

const [extensionDir, polrun, policy] = process.argv.slice(2);
const ext = require(path.join(extensionDir, "extension.js"));
const rpc = require(path.join(extensionDir, "node_modules", "vscode-jsonrpc", "node"));
const protocol = require(path.join(extensionDir, "node_modules", "vscode-languageserver-protocol", "node"));

const settings = { path: polrun, debounce: 30, timeout: 2000, casesDirectory: "" };
const { command, args } = ext.serverOptions(settings);
const server = cp.spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
const connection = protocol.createProtocolConnection(
  new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));

function fail(what) {
  console.log("FAIL: " + what);
  server.kill();
  process.exit(1);
}
setTimeout(() => fail("no answer within 30 s"), 30000).unref();

const waiting = [];
connection.onNotification(protocol.PublishDiagnosticsNotification.type, (p) => {
  const w = waiting.shift();
  if (w) w(p);
});
const nextDiagnostics = () => new Promise((resolve) => waiting.push(resolve));

(async () => {
  connection.listen();
  const init = await connection.sendRequest(protocol.InitializeRequest.type, {
    processId: process.pid, rootUri: null, capabilities: {},
    initializationOptions: ext.initializationOptions(settings),
  });
  if (!init.capabilities.hoverProvider || init.capabilities.textDocumentSync.change !== 2)
    fail("capabilities: " + JSON.stringify(init.capabilities));
  connection.sendNotification(protocol.InitializedNotification.type, {});
  const uri = "file://" + path.resolve(policy);
  const text = fs.readFileSync(policy, "utf8");
  let d = nextDiagnostics();
  connection.sendNotification(protocol.DidOpenTextDocumentNotification.type,
    { textDocument: { uri, languageId: "pol", version: 1, text } });
  let p = await d;
  if (p.diagnostics.length !== 0) fail("diagnostics of the clean policy: " + JSON.stringify(p));
  d = nextDiagnostics();
  connection.sendNotification(protocol.DidChangeTextDocumentNotification.type,
    { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace("when little_giant_tier", "when litle_giant_tier") }] });
  p = await d;
  if (p.diagnostics.length !== 1 || p.diagnostics[0].code !== "E0301" ||
      !p.diagnostics[0].message.includes("did you mean `little_giant_tier`?"))
    fail("diagnostics of the typo: " + JSON.stringify(p));
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.startsWith("parameter digital_rate"));
  const hover = await connection.sendRequest(protocol.HoverRequest.type,
    { textDocument: { uri }, position: { line, character: 12 } });
  if (!hover || !hover.contents.value.includes("parameter digital_rate: decimal = 30%"))
    fail("hover: " + JSON.stringify(hover));
  await connection.sendRequest(protocol.ShutdownRequest.type);
  connection.sendNotification(protocol.ExitNotification.type);
  server.on("exit", (code) => {
    if (code !== 0) fail("exit status " + code);
    console.log("ok");
    process.exit(0);
  });
})().catch((e) => fail(String(e && e.stack || e)));
