/** Why a module specifier is a vendor binding (`node:http`, `axios`, `stripe`...). */
export interface VendorBinding {
  /** The package (or `node:<module>`) a direct_transports entry must name to allow it. */
  package: string;
  why: string;
}

export declare const NODE_MODULES: Readonly<Record<string, string>>;
export declare const PACKAGE_KINDS: ReadonlyArray<{ kind: string; names: readonly string[] }>;
export declare const NETWORK_GLOBALS: readonly string[];
export declare const GLOBAL_OBJECTS: readonly string[];
export declare function packageOf(specifier: string): string;
export declare function vendorBinding(specifier: string): VendorBinding | undefined;
