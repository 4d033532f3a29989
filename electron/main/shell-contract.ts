/** The desktop shell's bridge contract lives in shared/contract/shell.ts; re-exported for the shell's modules. */
export * from '../../shared/contract/shell';
