import { probeConformanceOptions } from './__fixtures__/probeConformance';
import { captureConformanceOptions } from './conformanceCapture';
import { runConformance } from './runConformance';

describe('captureConformanceOptions', () => {
  // Inside a test, a describe() would throw (jest cannot nest one there): a captured
  // runConformance() that declared its checks fails this test.
  it('hands over the options of every runConformance() call and declares no tests', () => {
    const first = probeConformanceOptions();
    const second = { ...probeConformanceOptions(), testTimeoutMs: 5_000 };
    const captured = captureConformanceOptions(() => {
      runConformance(first);
      runConformance(second);
    });
    expect(captured).toEqual([first, second]);
    expect(captured[0]).toBe(first);
  });

  it('closes the capture when loading throws, and refuses to nest', () => {
    expect(() =>
      captureConformanceOptions(() => {
        throw new Error('a connector test file that does not load');
      }),
    ).toThrow('a connector test file that does not load');
    expect(captureConformanceOptions(() => undefined)).toEqual([]);
    expect(() =>
      captureConformanceOptions(() => {
        captureConformanceOptions(() => undefined);
      }),
    ).toThrow('cannot be nested');
  });
});
