import { expectIssue, expectValid, issuesOf } from './__fixtures__/issueAssertions';
import { freshValidManifest } from './__fixtures__/validManifest';
import type { ConnectorManifest } from './manifestSchema';
import { validateManifest } from './validateManifest';

function edit(change: (m: ConnectorManifest) => void): ConnectorManifest {
  const m = freshValidManifest();
  change(m);
  return m;
}
const CREATE = 'operations.create_payment_intent';
const RETRIEVE = 'operations.retrieve_payment_intent';
const REVERSE = 'operations.reverse_payment_intent';

describe('retry backoffs', () => {
  it('needs one backoff per retry at the connector', () => {
    const issue = expectIssue(
      edit((m) => (m.retry_backoff_ms = [500, 1000])),
      {
        code: 'backoff_length',
        path: 'retry_backoff_ms',
      },
    );
    expect(issue.message).toBe(
      'connector.json: retry_backoff_ms: [500,1000] has 2 entries but retry_max is 3; give one backoff per retry',
    );
  });

  it("checks an operation's backoffs against its effective retry_max", () => {
    expectIssue(
      edit((m) => (m.operations.retrieve_payment_intent!.retry_backoff_ms = [1, 2, 3])),
      {
        code: 'backoff_length',
        path: `${RETRIEVE}.retry_backoff_ms`,
        found: '[1,2,3] has 3 entries but retry_max is 2',
      },
    );
    expectIssue(
      edit((m) => (m.operations.create_payment_intent!.retry_backoff_ms = [1])),
      {
        code: 'backoff_length',
        path: `${CREATE}.retry_backoff_ms`,
        allowed: ['retry_max is 3'],
      },
    );
  });

  it('asks for backoffs when an operation changes retry_max', () => {
    expectIssue(
      edit((m) => (m.operations.create_payment_intent!.retry_max = 1)),
      {
        code: 'backoff_length',
        path: `${CREATE}.retry_backoff_ms`,
        found: "missing, but this operation's retry_max is 1",
        allowed: ['give one backoff per retry'],
      },
    );
    expectValid(edit((m) => (m.operations.create_payment_intent!.retry_max = 3)));
  });

  it('never lets a backoff decrease', () => {
    expectIssue(
      edit((m) => (m.retry_backoff_ms = [500, 400, 2000])),
      {
        code: 'backoff_order',
        path: 'retry_backoff_ms[1]',
        found: '400',
        allowed: ['at least 500'],
      },
    );
    expectIssue(
      edit((m) => (m.operations.retrieve_payment_intent!.retry_backoff_ms = [400, 200])),
      {
        code: 'backoff_order',
        path: `${RETRIEVE}.retry_backoff_ms[1]`,
      },
    );
    expectValid(edit((m) => (m.retry_backoff_ms = [500, 500, 500])));
  });
});

describe('restricted data', () => {
  it('needs approval_required on every write, inherited or declared', () => {
    const m = edit((x) => {
      x.data_classification = 'restricted';
      delete x.operations.reverse_payment_intent!.approval_policy;
    });
    expectIssue(m, {
      code: 'restricted_needs_approval',
      path: `${REVERSE}.approval_policy`,
      found: '"auto" (inherited from the connector)',
      allowed: ['"approval_required"'],
    });
    // The read inherits restricted data too but needs no approval.
    expect(issuesOf(validateManifest(m)).map((i) => i.path)).toEqual([
      `${REVERSE}.approval_policy`,
    ]);
  });

  it("checks an operation's own classification and approval", () => {
    expectIssue(
      edit((m) => (m.operations.create_payment_intent!.approval_policy = 'auto')),
      {
        code: 'restricted_needs_approval',
        path: `${CREATE}.approval_policy`,
        found: '"auto" is not allowed for "create_payment_intent", a write on restricted data',
      },
    );
    expectValid(
      edit((m) => (m.operations.retrieve_payment_intent!.data_classification = 'restricted')),
    );
  });
});

describe('audit events', () => {
  it('needs every operation event declared', () => {
    expectIssue(
      edit((m) => (m.operations.create_payment_intent!.audit_events.failure = 'payment_exploded')),
      {
        code: 'undeclared_audit_event',
        path: `${CREATE}.audit_events.failure`,
        found: '"payment_exploded"',
        allowed: ['"payment_intent_created"'],
      },
    );
  });

  it('needs every webhook event declared', () => {
    expectIssue(
      edit((m) => (m.webhook_events = ['payment_succeeded', 'charge_disputed'])),
      {
        code: 'undeclared_audit_event',
        path: 'webhook_events[1]',
        found: '"charge_disputed"',
      },
    );
  });

  it('needs every declared event used by an operation or a webhook', () => {
    expectIssue(
      edit((m) => delete m.webhook_events),
      {
        code: 'unused_audit_event',
        path: 'audit_events[6]',
        found: '"payment_succeeded"',
        allowed: ['use it or remove it'],
      },
    );
  });
});

describe('display_name_ar', () => {
  it('must contain Arabic script', () => {
    expectIssue(
      edit((m) => (m.display_name_ar = 'Stripe')),
      {
        code: 'arabic_name',
        path: 'display_name_ar',
        found: '"Stripe"',
        allowed: ['Arabic script'],
      },
    );
    expectValid(edit((m) => (m.display_name_ar = 'Stripe سترايب')));
  });
});

describe('compensation', () => {
  it('must be declared on a write', () => {
    expectIssue(
      edit((m) => delete m.operations.create_payment_intent!.compensation),
      {
        code: 'compensation',
        path: `${CREATE}.compensation`,
        allowed: ['"reverse_payment_intent"', '"none" with a compensation_note'],
      },
    );
  });

  it('must name another write operation that exists', () => {
    const set = (target: string) =>
      edit((m) => (m.operations.create_payment_intent!.compensation = target));
    expectIssue(set('refund_everything'), {
      code: 'compensation',
      path: `${CREATE}.compensation`,
      found: '"refund_everything" is not an operation',
    });
    expectIssue(set('create_payment_intent'), {
      code: 'compensation',
      path: `${CREATE}.compensation`,
      found: 'names the operation itself',
    });
    expectIssue(set('retrieve_payment_intent'), {
      code: 'compensation',
      path: `${CREATE}.compensation`,
      found: 'is a read operation',
    });
    // A name Object.prototype carries is still not an operation.
    expectIssue(set('constructor'), { code: 'compensation', path: `${CREATE}.compensation` });
  });

  it('needs a note when it is none', () => {
    expectIssue(
      edit((m) => delete m.operations.reverse_payment_intent!.compensation_note),
      {
        code: 'compensation',
        path: `${REVERSE}.compensation_note`,
        allowed: ['say why the operation cannot be undone'],
      },
    );
  });

  it('lets a read omit it or say none, and nothing else', () => {
    expectValid(edit((m) => (m.operations.retrieve_payment_intent!.compensation = 'none')));
    expectIssue(
      edit((m) => (m.operations.retrieve_payment_intent!.compensation = 'reverse_payment_intent')),
      {
        code: 'compensation',
        path: `${RETRIEVE}.compensation`,
        allowed: ['use "none" or leave it out'],
      },
    );
  });

  it('reserves the operation name none', () => {
    expectIssue(
      edit((m) => (m.operations.none = { ...m.operations.retrieve_payment_intent! })),
      { code: 'invalid_format', path: 'operations.none', found: '"none"' },
    );
    expectValid(
      edit((m) =>
        Object.assign(m.operations, { constructor: { ...m.operations.retrieve_payment_intent! } }),
      ),
    );
  });
});

describe('deadlines', () => {
  it('is at least the timeout at the connector', () => {
    expectIssue(
      edit((m) => (m.deadline_ms = 9_999)),
      {
        code: 'deadline',
        path: 'deadline_ms',
        found: '9999 is less than timeout_ms 10000',
        allowed: ['at least 10000'],
      },
    );
    expectValid(edit((m) => (m.deadline_ms = 10_000)));
  });

  it("is at least an operation's effective timeout", () => {
    expectIssue(
      edit((m) => (m.operations.retrieve_payment_intent!.deadline_ms = 4_999)),
      {
        code: 'deadline',
        path: `${RETRIEVE}.deadline_ms`,
        allowed: ['at least 5000'],
      },
    );
    expectIssue(
      edit((m) => (m.operations.create_payment_intent!.deadline_ms = 9_000)),
      {
        code: 'deadline',
        path: `${CREATE}.deadline_ms`,
        allowed: ['at least 10000'],
      },
    );
  });

  it('flags an operation timeout above the deadline it inherits', () => {
    expectIssue(
      edit((m) => {
        m.deadline_ms = 20_000;
        m.operations.create_payment_intent!.timeout_ms = 30_000;
      }),
      {
        code: 'deadline',
        path: `${CREATE}.timeout_ms`,
        found: "30000 is more than the connector's deadline_ms 20000",
      },
    );
    expectValid(
      edit((m) => {
        m.deadline_ms = 20_000;
        Object.assign(m.operations.create_payment_intent!, {
          timeout_ms: 30_000,
          deadline_ms: 30_000,
        });
      }),
    );
  });
});
