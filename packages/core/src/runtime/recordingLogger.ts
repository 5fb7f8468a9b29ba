import type { ConnectorLogger } from '../contract/types';

/**
 * A logger that keeps every line as JSON text, for tests that scan all output (for secrets,
 * for what was said). Like VirtualClock, a test aid of the runtime's own interfaces.
 */
export class RecordingLogger implements ConnectorLogger {
  readonly lines: string[] = [];
  readonly debug = this.write('debug');
  readonly info = this.write('info');
  readonly warn = this.write('warn');
  readonly error = this.write('error');

  private write(level: string) {
    return (obj: Record<string, unknown>, msg?: string): void => {
      this.lines.push(JSON.stringify({ level, msg, ...obj }));
    };
  }
}
