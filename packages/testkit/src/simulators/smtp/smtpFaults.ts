/** SMTP commands a fault can answer instead of the simulator's normal handling. */
export type SmtpFaultCommand = 'CONNECT' | 'AUTH' | 'MAIL' | 'RCPT' | 'DATA';

/** Reply codes a fault may use: 4xx are transient (retry later), 5xx permanent (RFC 5321 §4.2.1). */
export type SmtpFaultCode = 421 | 450 | 451 | 452 | 535 | 550 | 552 | 553 | 554;

/** A fault that answers one use of a command with a reply code instead of handling it. */
export interface SmtpReplyFault {
  kind?: 'reply';
  command: SmtpFaultCommand;
  code: SmtpFaultCode;
  message?: string;
  /** How many uses of the command the fault answers; absent = until cleared (as for HTTP faults). */
  times?: number;
}

/** Waits `ms` before handling a use of `command` normally: a slow server. */
export interface SmtpDelayFault {
  kind: 'delay';
  command: SmtpFaultCommand;
  ms: number;
  times?: number;
}

/**
 * Drops the connection at a use of `command` without any reply and without handling it: a
 * reset before processing. On DATA the message was sent in full and is not stored, so the
 * client cannot know it was not taken; before DATA it knows no message went out.
 */
export interface SmtpDropFault {
  kind: 'drop';
  command: SmtpFaultCommand;
  times?: number;
}

/**
 * Reads and stores the message (the side effect happens), then drops the connection instead
 * of the final reply: the client cannot know whether the message went out.
 */
export interface SmtpDropAfterDataFault {
  kind: 'drop_after_data';
  times?: number;
}

export type SmtpFault = SmtpReplyFault | SmtpDelayFault | SmtpDropFault | SmtpDropAfterDataFault;

/** What to do about one use of a command. */
export type SmtpFaultAction =
  | { kind: 'reply'; error: SmtpReplyError }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'drop_after_data' };

interface ArmedFault {
  fault: SmtpFault;
  command: SmtpFaultCommand;
  action: SmtpFaultAction;
  /** Uses left; undefined = until cleared. */
  remaining: number | undefined;
}

/** An error smtp-server turns into the reply `<responseCode> <message>`. */
export type SmtpReplyError = Error & { responseCode: number };

const DEFAULT_MESSAGES: Record<SmtpFaultCode, string> = {
  421: 'Service not available, closing transmission channel',
  450: 'Requested mail action not taken: mailbox unavailable',
  451: 'Requested action aborted: local error in processing',
  452: 'Requested action not taken: insufficient system storage',
  535: 'Authentication credentials invalid',
  550: 'Requested action not taken: mailbox unavailable',
  552: 'Requested mail action aborted: exceeded storage allocation',
  553: 'Requested action not taken: mailbox name not allowed',
  554: 'Transaction failed',
};

export function smtpReplyError(code: number, message: string): SmtpReplyError {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Faults armed by a test, consumed in the order they were injected. */
export class SmtpFaultQueue {
  private armed: ArmedFault[] = [];

  add(fault: SmtpFault): void {
    const times = fault.times;
    if (times !== undefined && !(Number.isInteger(times) && times > 0)) {
      throw new RangeError(`SMTP fault times must be a positive integer, got ${times}`);
    }
    this.armed.push({ fault: { ...fault }, ...armedAction(fault), remaining: times });
  }

  /** The action for this use of `command`, or null to proceed normally. */
  take(command: SmtpFaultCommand): SmtpFaultAction | null {
    const fault = this.armed.find((f) => f.command === command);
    if (!fault) return null;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.armed = this.armed.filter((f) => f !== fault);
    }
    return fault.action;
  }

  clear(): void {
    this.armed = [];
  }

  /** The faults still armed, in the order they were injected, each with the uses it has left. */
  list(): SmtpFault[] {
    return this.armed.map(({ fault, remaining }) => {
      const { times: _times, ...rest } = fault;
      return { ...rest, ...(remaining !== undefined && { times: remaining }) };
    });
  }
}

function armedAction(fault: SmtpFault): Omit<ArmedFault, 'fault' | 'remaining'> {
  switch (fault.kind) {
    case 'delay':
      if (!(Number.isFinite(fault.ms) && fault.ms >= 0)) {
        throw new RangeError(`SMTP delay ms must be a non-negative number, got ${fault.ms}`);
      }
      return { command: fault.command, action: { kind: 'delay', ms: fault.ms } };
    case 'drop':
      return { command: fault.command, action: { kind: 'drop' } };
    case 'drop_after_data':
      return { command: 'DATA', action: { kind: 'drop_after_data' } };
    default:
      return {
        command: fault.command,
        action: {
          kind: 'reply',
          error: smtpReplyError(fault.code, fault.message ?? DEFAULT_MESSAGES[fault.code]),
        },
      };
  }
}
