// The devtools page: registers the WS Handshakes tab. Capture starts here (not in
// the panel) so handshakes made before the tab is first opened are kept.
import browser from 'webextension-polyfill';

void browser.devtools.panels.create('WS Handshakes', '/icons/icon-16.png', '/extension/panel.html');
