import { probeConformanceOptions } from './__fixtures__/probeConformance';
import { runConformance } from './runConformance';

// The whole suite, declared through jest as a connector declares it, against a conforming
// connector: every check must pass.
runConformance(probeConformanceOptions());
