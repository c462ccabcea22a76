/**
 * Scripts run in Marionette's chrome context (the browser's own UI) to drive
 * the real DevTools toolbox of the selected tab and the extension's panel in it.
 * Each is the body of an async function (see `Marionette.evaluate`); `PRELUDE`
 * gives them DevTools (through its loader) and a few helpers.
 *
 * What they rely on, measured on Firefox ESR 153 (see README in this folder):
 * - an extension panel is a tool whose `label` is the panel title; its id is
 *   `webext-devtools-panel-<widget id>-<counter>-0`, so it is found by label;
 * - the panel page is a `<browser remote>` in the extension process, inside
 *   `toolbox-panel-iframe-<id>` (chrome://browser/content/webext-panels.xhtml);
 * - Marionette's window actor is loaded in that page, so pointing the session's
 *   content browsing context at it makes every content command act on the panel.
 */

export const PRELUDE = `
  const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
  const { gDevTools } = require("devtools/client/framework/devtools");
  const toolbox = () => gDevTools.getToolboxForTab(gBrowser.selectedTab);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  async function until(what, probe, timeout) {
    const end = Date.now() + timeout;
    let last = null;
    for (;;) {
      try { const value = await probe(); if (value) return value; last = value; } catch (error) { last = error; }
      if (Date.now() > end) throw new Error("timed out after " + timeout + " ms waiting for " + what + " (last: " + last + ")");
      await sleep(50);
    }
  }
  function panelIdByLabel(tb, label) {
    return [...tb.additionalToolDefinitions.values()].find((tool) => tool.label === label)?.id ?? null;
  }
  function panelBrowser(tb, id) {
    return tb.doc.getElementById("toolbox-panel-iframe-" + id)?.contentDocument?.querySelector("browser") ?? null;
  }
  function loadedPanelBrowser(tb, id) {
    const browser = panelBrowser(tb, id);
    const global = browser?.browsingContext?.currentWindowGlobal;
    return global && !global.isInitialDocument && global.documentURI.spec.startsWith("moz-extension:") ? browser : null;
  }
`;

/** Opens (or raises) the toolbox on the selected tab with its default tool. args: [hostType]. */
export const OPEN_TOOLBOX = PRELUDE + `
  const [hostType] = arguments;
  const tb = await gDevTools.showToolboxForTab(gBrowser.selectedTab, hostType ? { hostType } : {});
  return { hostType: tb.hostType, currentToolId: tb.currentToolId };
`;

/**
 * Waits until the devtools page has registered the panel (it ran) and its network
 * listener is attached to the toolbox's network monitor (it captures), returns the
 * panel's tool id. args: [label, timeout].
 */
export const WAIT_CAPTURE_READY = PRELUDE + `
  const [label, timeout] = arguments;
  const id = await until("the devtools page to register " + label, () => { const tb = toolbox(); return tb && panelIdByLabel(tb, label); }, timeout);
  // onRequestFinished.addListener reaches the toolbox asynchronously; before that, finished requests are not reported.
  await until("the devtools page's onRequestFinished listener", () => toolbox().getPanel("netmonitor") || toolbox()._netMonitorAPI?.hasRequestFinishedListeners(), timeout);
  return id;
`;

/** Selects the tool args[0] and waits for its extension page to load. Returns the panel's size. args: [id, timeout]. */
export const SELECT_PANEL = PRELUDE + `
  const [id, timeout] = arguments;
  const tb = toolbox();
  await tb.selectTool(id);
  const browser = await until("the panel page to load", () => loadedPanelBrowser(tb, id), timeout);
  return { url: browser.browsingContext.currentWindowGlobal.documentURI.spec, hostType: tb.hostType };
`;

/**
 * Points this Marionette session's content browsing context at the panel page.
 * Internal to Marionette (nothing official reaches a toolbox panel): if a Firefox
 * update breaks it, every Firefox test fails here, at "no Marionette session".
 * args: [id].
 */
export const TARGET_PANEL = PRELUDE + `
  const [id] = arguments;
  const browser = loadedPanelBrowser(toolbox(), id);
  if (!browser) throw new Error("no loaded panel page for " + id);
  const { Marionette } = ChromeUtils.importESModule("chrome://remote/content/components/Marionette.sys.mjs");
  let sessions = 0;
  for (const connection of Marionette.server.conns) {
    const session = connection.driver.currentSession;
    if (session) { session.contentBrowsingContext = browser.browsingContext; sessions++; }
  }
  if (sessions === 0) throw new Error("no Marionette session to point at the panel");
  return sessions;
`;

/** Moves the toolbox (this recreates the panel's page). args: [hostType]. */
export const SWITCH_HOST = PRELUDE + `
  const [hostType] = arguments;
  const tb = toolbox();
  if (tb.hostType !== hostType) await tb.switchHost(hostType);
  return tb.hostType;
`;

/** Focuses the panel's <browser> in the toolbox, so key presses from the parent go to the panel page. args: [id]. */
export const FOCUS_PANEL = PRELUDE + `
  const [id] = arguments;
  const browser = loadedPanelBrowser(toolbox(), id);
  browser.focus();
  return Services.focus.focusedElement === browser;
`;

/** The toolbox's state the keyboard tests read. args: [id]. */
export const TOOLBOX_STATE = PRELUDE + `
  const [id] = arguments;
  const tb = toolbox();
  const browser = panelBrowser(tb, id);
  return {
    splitConsole: tb.splitConsole,
    splitConsoleEnabled: tb.isSplitConsoleEnabled(),
    currentToolId: tb.currentToolId,
    panelFocused: !!browser && Services.focus.focusedElement === browser,
    focused: Services.focus.focusedElement ? Services.focus.focusedElement.localName + (Services.focus.focusedElement.id ? "#" + Services.focus.focusedElement.id : "") : null,
    theme: tb.doc.documentElement.className,
    panelSize: browser ? [Math.round(browser.getBoundingClientRect().width), Math.round(browser.getBoundingClientRect().height)] : null,
  };
`;

/** Records the split console's toggles from now on (window.__splitConsoleToggles). */
export const WATCH_SPLIT_CONSOLE = PRELUDE + `
  const tb = toolbox();
  window.__splitConsoleToggles = [];
  if (!window.__splitConsoleWatched) {
    window.__splitConsoleWatched = true;
    tb.on("split-console", () => window.__splitConsoleToggles.push(tb.splitConsole));
  }
  return true;
`;

/** Closes the split console if open, and waits until it is. */
export const CLOSE_SPLIT_CONSOLE = PRELUDE + `
  const tb = toolbox();
  if (tb.splitConsole) await tb.closeSplitConsole();
  return tb.splitConsole;
`;

/** Writes text to the system clipboard. args: [text]. */
export const WRITE_CLIPBOARD = `
  Cc["@mozilla.org/widget/clipboardhelper;1"].getService(Ci.nsIClipboardHelper).copyString(arguments[0]);
  return true;
`;

/** Reads text from the system clipboard (null when it holds none). */
export const READ_CLIPBOARD = `
  const transferable = Cc["@mozilla.org/widget/transferable;1"].createInstance(Ci.nsITransferable);
  transferable.init(null);
  transferable.addDataFlavor("text/plain");
  Services.clipboard.getData(transferable, Ci.nsIClipboard.kGlobalClipboard, null);
  const out = {};
  try { transferable.getTransferData("text/plain", out); } catch { return null; }
  return out.value.QueryInterface(Ci.nsISupportsString).data;
`;

/**
 * Errors reported from the extension's pages (devtools page, panel): script
 * errors and console.error calls, which Firefox collects in the parent.
 * args: [moz-extension origin].
 */
export const EXTENSION_ERRORS = `
  const [origin] = arguments;
  const errors = [];
  for (const message of Services.console.getMessageArray() ?? []) {
    if (message instanceof Ci.nsIScriptError && !(message.flags & Ci.nsIScriptError.warningFlag) && message.sourceName?.startsWith(origin)) {
      errors.push(message.errorMessage + " (" + message.sourceName.slice(origin.length) + ":" + message.lineNumber + ")");
    }
  }
  const storage = Cc["@mozilla.org/consoleAPI-storage;1"].getService(Ci.nsIConsoleAPIStorage);
  for (const event of storage.getEvents()) {
    if (event.level === "error" && String(event.filename ?? "").startsWith(origin)) {
      errors.push("console.error: " + (event.arguments ?? []).map(String).join(" ") + " (" + String(event.filename).slice(origin.length) + ")");
    }
  }
  return errors;
`;

/**
 * Redraws the docked toolbox over a window screenshot (base64 PNG, args[0]), and the
 * panel page's own screenshot (args[1]) over the panel's place in it; returns a PNG
 * data URL. Why: Marionette's window snapshot paints the in-process toolbox in its
 * light colours whatever the DevTools theme (ESR 153; the toolbox's computed styles are
 * dark), while drawWindow() on the toolbox's own window paints it right but cannot paint
 * the panel, which lives in another process. args: [windowPng, panelPng, panel id].
 */
export const COMPOSE_SCREENSHOT = PRELUDE + `
  const [windowPng, panelPng, id] = arguments;
  const tb = toolbox();
  const load = (base64) => new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("could not decode a screenshot"));
    image.src = "data:image/png;base64," + base64;
  });
  const [base, panel] = await Promise.all([load(windowPng), load(panelPng)]);
  const canvas = document.createElementNS("http://www.w3.org/1999/xhtml", "canvas");
  canvas.width = base.width;
  canvas.height = base.height;
  const context = canvas.getContext("2d");
  context.drawImage(base, 0, 0);
  const host = tb.win.browsingContext.embedderElement.getBoundingClientRect();
  const scale = base.width / window.innerWidth;
  context.save();
  context.scale(scale, scale);
  context.translate(host.left, host.top);
  context.drawWindow(tb.win, 0, 0, host.width, host.height, "rgba(0,0,0,0)");
  const frame = tb.doc.getElementById("toolbox-panel-iframe-" + id).getBoundingClientRect();
  const inFrame = panelBrowser(tb, id).getBoundingClientRect();
  context.drawImage(panel, frame.left + inFrame.left, frame.top + inFrame.top, inFrame.width, inFrame.height);
  context.restore();
  return canvas.toDataURL("image/png");
`;
