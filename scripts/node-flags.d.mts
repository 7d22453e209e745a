export declare const cliNodeFlags: () => string[]
