export type Layer = 'core' | 'connector' | 'host' | 'testkit' | 'gate' | 'client';

export interface PackageOfFile {
  dir: string;
  name: string | undefined;
  layer: Layer | undefined;
  manifestFile: string | undefined;
  directLibraries: string[];
}

export declare const LAYER_IMPORTS: Readonly<Record<Layer, readonly Layer[]>>;
export declare const LAYER_PACKAGES: Readonly<Record<string, Layer>>;
export declare function layerOfName(name: unknown): Layer | undefined;
export declare function namesOfLayer(layer: Layer): string[];
export declare function packageOfFile(file: string): PackageOfFile | undefined;
export declare function forgetPackages(): void;
