// The VS Code extension's client of `polrun lsp` (docs/lsp.md): it starts
// the server named by the `polrun.path` setting for .pol and .case files.
"use strict";

// What the client starts and sends, from the settings: kept apart from
// VS Code so that tests/editors can start the same server without it.
function serverOptions(settings) {
  const command = (settings.path || "polrun").trim() || "polrun";
  return { command, args: ["lsp"] };
}

function initializationOptions(settings) {
  const options = { debounce: settings.debounce ?? 30, timeout: settings.timeout ?? 2000 };
  if (settings.casesDirectory) options.casesDirectory = settings.casesDirectory;
  return options;
}

function settingsOf(config) {
  return {
    path: config.get("path"),
    debounce: config.get("debounce"),
    timeout: config.get("timeout"),
    casesDirectory: config.get("casesDirectory"),
  };
}

let client;

async function start(vscode) {
  const { LanguageClient } = require("vscode-languageclient/node");
  const settings = settingsOf(vscode.workspace.getConfiguration("polrun"));
  client = new LanguageClient("polrun", "polrun", serverOptions(settings), {
    documentSelector: [
      { scheme: "file", language: "pol" },
      { scheme: "untitled", language: "pol" },
      { scheme: "file", language: "pol-case" },
    ],
    initializationOptions: initializationOptions(settings),
  });
  await client.start();
}

async function activate(context) {
  const vscode = require("vscode");
  context.subscriptions.push(
    vscode.commands.registerCommand("polrun.restartServer", async () => {
      if (client) await client.stop();
      await start(vscode);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("polrun") && client) {
        await client.stop();
        await start(vscode);
      }
    }),
  );
  await start(vscode);
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverOptions, initializationOptions };
