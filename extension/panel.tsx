import { render } from 'preact';

render(<main data-testid="panel">WS Handshakes</main>, document.getElementById('app')!);
