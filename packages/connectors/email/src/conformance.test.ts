import { join } from 'node:path';
import { runConformance, type SmtpSimulator } from '@dealix/connector-testkit';
import { injectSmtpFault, startSmtp } from './__fixtures__/smtpHarness';
import { connector } from './index';

runConformance<SmtpSimulator>({
  packageDir: join(__dirname, '..'),
  plugin: connector,
  startSimulator: () => startSmtp(),
  samples: {
    send_email: {
      input: {
        to: ['buyer@example.test'],
        subject: 'Your quote',
        text: 'Please find the quote attached.',
        attachments: [
          { filename: 'quote.txt', content_base64: Buffer.from('42 EUR').toString('base64') },
        ],
      },
      sideEffect: { counter: 'messages_accepted', delta: 1 },
    },
  },
  counter: (sim, name) => sim.counters.get(name),
  // Every exchange opens one connection: what "a request" is for SMTP.
  requestCount: (sim) => sim.counters.get('connections_opened'),
  injectFault: (sim, _operation, fault, times) => injectSmtpFault(sim, fault, times),
  // 421, 451 and 452 ask no particular wait.
  rateLimitWaitSeconds: 0,
});
